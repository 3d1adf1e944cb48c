'use strict';
// A private anvil chain for one test file: started on a free port of 127.0.0.1, ready once it
// answers eth_chainId (polled, no fixed sleep), stopped by stop(). Local development keys only.

const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const fs = require('node:fs');
const { JsonRpcProvider, HDNodeWallet, Wallet, Network } = require('ethers');

const REPO = path.resolve(__dirname, '..', '..', '..');
const ANVIL = path.join(REPO, 'src', 'RiskGovernance.Contracts', 'node_modules', '.bin', 'anvil');
const CHAIN_ID = 31337;
// anvil's public development mnemonic: these keys guard nothing and are used on this local chain only.
const MNEMONIC = 'test test test test test test test test test test test junk';
const ACCOUNTS = 20;
const READY_TIMEOUT_MS = 30_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function rpc(url, method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
  return body.result;
}

/// Waits until `url` answers eth_chainId, or the process exits, or the deadline passes.
async function waitReady(url, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited = null;
  child.once('exit', (code, signal) => {
    exited = { code, signal };
  });
  let lastError = null;
  for (;;) {
    if (exited) throw new Error(`anvil exited before it was ready: ${JSON.stringify(exited)}`);
    try {
      const id = await rpc(url, 'eth_chainId');
      if (BigInt(id) !== BigInt(CHAIN_ID)) throw new Error(`anvil answered chain id ${id}`);
      return;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) throw new Error(`anvil not ready at ${url}: ${lastError}`);
    // Yield to the event loop until the next poll (the condition is what we wait for, not a duration).
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 25));
  }
}

const children = new Set();
process.on('exit', () => {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

/// Starts anvil and returns { url, provider, wallets, rpc, stop, ... }.
async function startChain() {
  if (!fs.existsSync(ANVIL)) {
    throw new Error(`${ANVIL} is missing: run npm ci in src/RiskGovernance.Contracts`);
  }
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      ANVIL,
      [
        '--host', '127.0.0.1',
        '--port', String(port),
        '--chain-id', String(CHAIN_ID),
        '--accounts', String(ACCOUNTS),
        '--mnemonic', MNEMONIC,
        '--gas-limit', '100000000',
        '--silent',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    children.add(child);
    try {
      await waitReady(url, child);
    } catch (e) {
      lastError = new Error(`${e.message}\n${stderr}`);
      child.kill('SIGKILL');
      children.delete(child);
      continue;
    }
    return makeChain(url, child);
  }
  throw lastError;
}

function makeChain(url, child) {
  const network = Network.from({ chainId: CHAIN_ID, name: 'anvil' });
  // cacheTimeout -1: no 250 ms request cache, so a read right after a transaction sees it.
  const provider = new JsonRpcProvider(url, network, {
    staticNetwork: network,
    cacheTimeout: -1,
    pollingInterval: 20,
    batchMaxCount: 1,
  });
  const base = HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0");
  const wallets = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    // Same key as HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/" + i), derived once.
    wallets.push(new Wallet(base.deriveChild(i).privateKey, provider));
  }

  const chain = {
    url,
    provider,
    wallets,
    chainId: BigInt(CHAIN_ID),
    rpc: (method, params) => provider.send(method, params ?? []),
    async latestTimestamp() {
      const b = await provider.getBlock('latest');
      return BigInt(b.timestamp);
    },
    /// Mines an empty block at exactly `ts` (seconds); later blocks follow from there.
    async mineAt(ts) {
      await provider.send('evm_setNextBlockTimestamp', [Number(ts)]);
      await provider.send('evm_mine', []);
      const now = await chain.latestTimestamp();
      if (now !== BigInt(ts)) throw new Error(`mined at ${now}, wanted ${ts}`);
    },
    async increaseTime(seconds) {
      await provider.send('evm_increaseTime', [Number(seconds)]);
      await provider.send('evm_mine', []);
    },
    async snapshot() {
      return provider.send('evm_snapshot', []);
    },
    async revert(id) {
      const ok = await provider.send('evm_revert', [id]);
      if (!ok) throw new Error(`evm_revert ${id} failed`);
    },
    async stop() {
      provider.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await gone;
      }
      children.delete(child);
    },
  };
  return chain;
}

module.exports = { startChain, CHAIN_ID, MNEMONIC };
