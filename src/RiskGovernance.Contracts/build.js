#!/usr/bin/env node
// Compiles contracts/*.sol with the pinned solc-js (package.json) and writes artifacts/<Contract>.json.
//   node build.js            write the artifacts
//   node build.js --check    compile in memory, exit 1 when a committed artifact differs
//   node build.js --out DIR  write the artifacts into DIR instead
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const solc = require('solc');

const ROOT = __dirname;
const CONTRACTS_DIR = path.join(ROOT, 'contracts');
const DEFAULT_OUT = path.join(ROOT, 'artifacts');
const PINNED_SOLC = '0.8.37';
const EXPORTED = ['RiskParameterRegistry', 'ExampleMarginConsumer', 'IRiskParameterRegistry', 'RegistryGasMeter', 'OperatedPriceFeed', 'MarginAccounts'];
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  metadata: { bytecodeHash: 'ipfs' },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
};

function readSources() {
  const files = fs.readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith('.sol')).sort();
  const sources = {};
  for (const f of files) {
    sources[`contracts/${f}`] = { content: fs.readFileSync(path.join(CONTRACTS_DIR, f), 'utf8') };
  }
  return sources;
}

function sourceHash(sources) {
  const h = crypto.createHash('sha256');
  for (const name of Object.keys(sources).sort()) {
    h.update(name);
    h.update('\0');
    h.update(sources[name].content);
    h.update('\0');
  }
  return '0x' + h.digest('hex');
}

function compile() {
  const version = solc.version();
  if (!version.startsWith(PINNED_SOLC + '+')) {
    throw new Error(`solc ${version} is not the pinned ${PINNED_SOLC}; run npm ci`);
  }
  const sources = readSources();
  const input = { language: 'Solidity', sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  const warnings = (output.errors || []).filter((e) => e.severity !== 'error');
  for (const w of warnings) process.stderr.write(w.formattedMessage + '\n');
  if (errors.length > 0) {
    throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  }
  if (warnings.length > 0) {
    throw new Error('compiler warnings are errors in this project');
  }
  const hash = sourceHash(sources);
  const artifacts = {};
  for (const file of Object.keys(output.contracts)) {
    for (const name of Object.keys(output.contracts[file])) {
      if (!EXPORTED.includes(name)) continue;
      const c = output.contracts[file][name];
      const artifact = {
        contractName: name,
        sourceName: file,
        solcVersion: version,
        settings: { optimizer: SETTINGS.optimizer, evmVersion: SETTINGS.evmVersion },
        sourceHash: hash,
        abi: c.abi,
        bytecode: '0x' + c.evm.bytecode.object,
        deployedBytecode: '0x' + c.evm.deployedBytecode.object,
      };
      artifacts[name] = JSON.stringify(artifact, null, 2) + '\n';
    }
  }
  for (const name of EXPORTED) {
    if (!artifacts[name]) throw new Error(`contract ${name} not found in the compiler output`);
  }
  return artifacts;
}

function main(argv) {
  const check = argv.includes('--check');
  const outIndex = argv.indexOf('--out');
  const outDir = outIndex >= 0 ? path.resolve(argv[outIndex + 1]) : DEFAULT_OUT;
  const artifacts = compile();
  if (check) {
    const stale = [];
    for (const [name, text] of Object.entries(artifacts)) {
      const file = path.join(DEFAULT_OUT, `${name}.json`);
      if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) stale.push(name);
    }
    if (stale.length > 0) {
      process.stderr.write(
        `stale artifacts: ${stale.join(', ')}; run "node build.js" in src/RiskGovernance.Contracts and commit artifacts/\n`);
      return 1;
    }
    process.stdout.write('artifacts up to date\n');
    return 0;
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(artifacts)) {
    fs.writeFileSync(path.join(outDir, `${name}.json`), text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), path.join(outDir, name + '.json'))}\n`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`build failed: ${e.message}\n`);
  process.exitCode = 2;
}
