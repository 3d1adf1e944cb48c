'use strict';
// Deploying and driving RiskParameterRegistry with ethers alone: the encodings below are written
// out by hand from IRiskParameterRegistry.sol (not taken from the ABI), so they check the ABI too.

const assert = require('node:assert/strict');
const path = require('node:path');
const {
  AbiCoder,
  ContractFactory,
  Interface,
  Signature,
  encodeBytes32String,
  decodeBytes32String,
  keccak256,
  parseUnits,
  toUtf8Bytes,
  id: textHash,
  concat,
  toBeHex,
  zeroPadValue,
} = require('ethers');

const ARTIFACTS = path.resolve(__dirname, '..', '..', '..', 'src', 'RiskGovernance.Contracts', 'artifacts');
const registryArtifact = require(path.join(ARTIFACTS, 'RiskParameterRegistry.json'));
const meterArtifact = require(path.join(ARTIFACTS, 'RegistryGasMeter.json'));
const consumerArtifact = require(path.join(ARTIFACTS, 'ExampleMarginConsumer.json'));

const registryIface = new Interface(registryArtifact.abi);
const meterIface = new Interface(meterArtifact.abi);
const coder = AbiCoder.defaultAbiCoder();

const Kind = { Parameters: 0, Membership: 1, Rules: 2 };
const State = {
  None: 0,
  Active: 1,
  Defeated: 2,
  Succeeded: 3,
  Queued: 4,
  Executed: 5,
  Vetoed: 6,
  Canceled: 7,
  Expired: 8,
};
const StateName = Object.fromEntries(Object.entries(State).map(([k, v]) => [v, k]));
const Support = { Against: 0, For: 1, Abstain: 2 };

const DAY = 86_400n;
const HOUR = 3_600n;
const BPS = 10_000n;
const ONE = 10n ** 18n;
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

// ------------------------------------------------------------------ types (from the .sol source)

const GRID_T = 'tuple(int256 steps,int256 extremeMultiple,int256 extremeCoverage,int256 vegaPowerShort,int256 vegaPowerLong,int256 dteFloorDays,int256 volFloor)';
const SIM_T = 'tuple(bytes32 measure,int256 confidence,int256 horizonDays,int256 scenarios,int256 seed,bytes32 distribution,int256 degreesOfFreedom,int256 historyDays)';
const ASSET_T = 'tuple(bytes32 symbol,int256 scanRange,int256 volUp,int256 volDown,int256 haircut)';
const PARAMS_T = `tuple(bytes32 method,int256 imMultiplier,int256 mmRatio,int256 liquidationRatio,int256 shortOptionMinimum,int256 correlationStress,${GRID_T} grid,${SIM_T} simulation,${ASSET_T}[] assets,int256[] correlationUpper)`;
const RULES_T = 'tuple(uint64 votingPeriod,uint64 lateQuorumExtension,uint64 timelockDelay,uint64 gracePeriod,uint256 quorumBps,uint256 supermajorityBps)';
const LIMIT_T = 'tuple(int256 min,int256 max)';
const BOUNDS_T = `tuple(${LIMIT_T} imMultiplier,${LIMIT_T} mmRatio,${LIMIT_T} liquidationRatio,${LIMIT_T} scanRange,${LIMIT_T} volUp,${LIMIT_T} volDown,${LIMIT_T} haircut,int256 imMultiplierStep,int256 scanRangeStep,int256 volUpStep,int256 volDownStep,int256 haircutStep,int256 correlationStep)`;

const dec = (s) => parseUnits(String(s), 18);
const b32 = (s) => encodeBytes32String(s);
const text = (h) => decodeBytes32String(h);

// ------------------------------------------------------------------ fixtures

const RULES = {
  votingPeriod: 3n * DAY,
  lateQuorumExtension: 12n * HOUR,
  timelockDelay: 1n * DAY,
  gracePeriod: 7n * DAY,
  quorumBps: 5000n,
  supermajorityBps: 6667n,
};

const limit = (min, max) => ({ min: dec(min), max: dec(max) });
const BOUNDS = {
  imMultiplier: limit('0.5', '3'),
  mmRatio: limit('0.3', '0.95'),
  liquidationRatio: limit('0.3', '0.99'),
  scanRange: limit('0.01', '1'),
  volUp: limit('0', '3'),
  volDown: limit('0', '1'),
  haircut: limit('0', '0.9'),
  imMultiplierStep: dec('0.25'),
  scanRangeStep: dec('0.5'),
  volUpStep: dec('0.5'),
  volDownStep: dec('0.5'),
  haircutStep: dec('0.5'),
  correlationStep: dec('0.2'),
};

function asset(symbol, scanRange, volUp, volDown, haircut) {
  return { symbol: b32(symbol), scanRange: dec(scanRange), volUp: dec(volUp), volDown: dec(volDown), haircut: dec(haircut) };
}

/// The genesis set: 3 assets, valid under RiskParameters.sol and within BOUNDS.
function genesisParams() {
  return {
    method: b32('grid'),
    imMultiplier: dec('1'),
    mmRatio: dec('0.6'),
    liquidationRatio: dec('0.9'),
    shortOptionMinimum: dec('0.01'),
    correlationStress: dec('0.25'),
    grid: {
      steps: dec('7'),
      extremeMultiple: dec('3'),
      extremeCoverage: dec('0.3'),
      vegaPowerShort: dec('0.5'),
      vegaPowerLong: dec('0.5'),
      dteFloorDays: dec('1'),
      volFloor: dec('0.05'),
    },
    simulation: {
      measure: b32('ES'),
      confidence: dec('0.99'),
      horizonDays: dec('1'),
      scenarios: dec('10000'),
      seed: dec('42'),
      distribution: b32('normal'),
      degreesOfFreedom: 0n,
      historyDays: dec('730'),
    },
    assets: [asset('BTC', '0.15', '0.5', '0.3', '0.1'), asset('ETH', '0.2', '0.6', '0.35', '0.15'), asset('SOL', '0.3', '0.8', '0.4', '0.2')],
    // BTC-ETH, BTC-SOL, ETH-SOL
    correlationUpper: [dec('0.8'), dec('0.7'), dec('0.75')],
  };
}

/// A 10-asset set (45 correlations) for the gas measurements.
function tenAssetParams() {
  const p = genesisParams();
  const symbols = ['BTC', 'ETH', 'SOL', 'XRP', 'ADA', 'DOGE', 'AVAX', 'DOT', 'LINK', 'LTC'];
  p.assets = symbols.map((s, i) => asset(s, (0.1 + i * 0.02).toFixed(2), '0.5', '0.3', '0.1'));
  p.correlationUpper = [];
  for (let i = 0; i < symbols.length; i++) {
    for (let j = i + 1; j < symbols.length; j++) p.correlationUpper.push(dec((0.3 + ((i * 7 + j * 3) % 50) / 100).toFixed(2)));
  }
  return p;
}

/// Deep copy of a parameter set (bigints and strings only) with a mutation applied.
function withChange(p, mutate) {
  const copy = structuredClone(p);
  mutate(copy);
  return copy;
}

function setAsset(p, symbol, field, value) {
  const a = p.assets.find((x) => x.symbol === b32(symbol));
  assert.ok(a, `no asset ${symbol}`);
  a[field] = dec(value);
}

const encodeParams = (p) => coder.encode([PARAMS_T], [p]);
const decodeParams = (data) => coder.decode([PARAMS_T], data)[0];
const encodeMembership = (members, weights, guardian) => coder.encode(['address[]', 'uint256[]', 'address'], [members, weights, guardian]);
const encodeRules = (rules, bounds) => coder.encode([RULES_T, BOUNDS_T], [rules, bounds]);

/// The ballot hash of a parameter set: keccak256 of a canonical JSON rendering (any nonzero hash is accepted).
function paramsBallotHash(p) {
  return keccak256(toUtf8Bytes(JSON.stringify(p, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))));
}

function proposalIdOf(kind, ballotHash, payloadHash, baseVersion, salt) {
  return keccak256(coder.encode(['uint8', 'bytes32', 'bytes32', 'uint256', 'bytes32'], [kind, ballotHash, payloadHash, baseVersion, salt]));
}

// ------------------------------------------------------------------ deployment

async function deployRegistry(deployer, { members, weights, guardian, rules = RULES, bounds = BOUNDS, params = genesisParams() }) {
  const factory = new ContractFactory(registryArtifact.abi, registryArtifact.bytecode, deployer);
  const payload = params ? encodeParams(params) : '0x';
  const hash = params ? paramsBallotHash(params) : '0x' + '00'.repeat(32);
  const c = await factory.deploy(members, weights, guardian, rules, bounds, payload, hash);
  await c.waitForDeployment();
  return { registry: c, address: await c.getAddress(), deployTx: c.deploymentTransaction(), genesisHash: hash };
}

async function deployMeter(deployer) {
  const c = await new ContractFactory(meterArtifact.abi, meterArtifact.bytecode, deployer).deploy();
  await c.waitForDeployment();
  return c;
}

async function deployConsumer(deployer, registryAddress) {
  const c = await new ContractFactory(consumerArtifact.abi, consumerArtifact.bytecode, deployer).deploy(registryAddress);
  await c.waitForDeployment();
  return c;
}

/// Sends a transaction and waits for its receipt; returns { receipt, events } with parsed registry logs.
async function send(txPromise) {
  const tx = await txPromise;
  const receipt = await tx.wait();
  assert.equal(receipt.status, 1);
  const events = [];
  for (const log of receipt.logs) {
    let parsed = null;
    try {
      parsed = registryIface.parseLog(log);
    } catch {
      parsed = null;
    }
    if (parsed) events.push(parsed);
  }
  return { receipt, events };
}

function eventsNamed(events, name) {
  return events.filter((e) => e.name === name);
}

// ------------------------------------------------------------------ ballots

const BALLOT_TYPES = {
  Ballot: [
    { name: 'proposalId', type: 'bytes32' },
    { name: 'paramsHash', type: 'bytes32' },
    { name: 'support', type: 'uint8' },
  ],
};

function domainOf(chainId, verifyingContract) {
  return { name: 'RiskGovernance', version: '1', chainId, verifyingContract };
}

async function signBallot(wallet, domain, proposalId, ballotHash, support) {
  return wallet.signTypedData(domain, BALLOT_TYPES, { proposalId, paramsHash: ballotHash, support });
}

/// The same signature with s replaced by n - s and v flipped: valid for ecrecover, but malleable.
function highS(sig) {
  const s = Signature.from(sig);
  const sHigh = SECP256K1_N - BigInt(s.s);
  const v = s.v === 27 ? 28 : 27;
  return concat([s.r, zeroPadValue(toBeHex(sHigh), 32), toBeHex(v, 1)]);
}

// ------------------------------------------------------------------ errors

function findRevertData(err) {
  const seen = new Set();
  const stack = [err];
  while (stack.length) {
    const e = stack.pop();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    if (typeof e.data === 'string' && /^0x[0-9a-fA-F]{8,}$/.test(e.data)) return e.data;
    for (const k of ['error', 'info', 'cause', 'data']) if (e[k] && typeof e[k] === 'object') stack.push(e[k]);
  }
  return null;
}

/// Awaits `promise`, asserts it reverts with the custom error `name` (decoded with Interface.parseError
/// on the revert data) and, when given, with exactly `args`; returns the parsed error.
async function expectRevert(promise, name, args, iface = registryIface) {
  let err = null;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected a revert with ${name}, but the call succeeded`);
  const data = findRevertData(err);
  assert.ok(data, `expected revert data for ${name}, got: ${err.shortMessage ?? err.message}`);
  const parsed = iface.parseError(data);
  assert.ok(parsed, `revert data ${data} is no known error (expected ${name})`);
  assert.equal(parsed.name, name, `expected ${name}, got ${parsed.name}(${parsed.args.join(', ')})`);
  if (args !== undefined) assert.deepEqual(parsed.args.toArray(), args, `${name} arguments`);
  return parsed;
}

/// Awaits `promise`; on a revert fails the test naming the decoded error (Panic codes included).
async function mustSucceed(promise, what) {
  try {
    return await promise;
  } catch (e) {
    const data = findRevertData(e);
    const parsed = data ? registryIface.parseError(data) : null;
    assert.fail(`${what} reverted: ${parsed ? `${parsed.name}(${parsed.args.join(', ')})` : e.shortMessage ?? e.message}`);
  }
}

// ------------------------------------------------------------------ the tally rule, independently

/// The documented rule: quorum = For + Abstain >= ceil(total * quorumBps / 10000); majority = For > Against,
/// or with the supermajority For * 10000 >= s * (For + Against) and For > 0; forNeeded = the more demanding
/// of the For weight still missing for the quorum and for the majority. Computed here by search, not by
/// the closed formula the contract uses.
function expectedTally({ forWeight, againstWeight, abstainWeight, totalWeight, quorumBps, supermajority, supermajorityBps }) {
  const quorumWeight = (totalWeight * quorumBps + BPS - 1n) / BPS;
  const quorumOk = (f) => f + abstainWeight >= quorumWeight;
  const majorityOk = (f) => (supermajority ? f > 0n && f * BPS >= supermajorityBps * (f + againstWeight) : f > againstWeight);
  let forNeeded = 0n;
  while (!(quorumOk(forWeight + forNeeded) && majorityOk(forWeight + forNeeded))) {
    forNeeded++;
    // Unanimity (10000 bps) with an Against vote can never pass: no finite For weight is enough.
    if (forNeeded > 1_000_000n) throw new Error('expectedTally: no For weight passes this proposal');
  }
  return {
    forWeight,
    againstWeight,
    abstainWeight,
    totalWeight,
    quorumWeight,
    quorumReached: quorumOk(forWeight),
    majorityReached: majorityOk(forWeight),
    passes: quorumOk(forWeight) && majorityOk(forWeight),
    forNeeded,
    unvotedWeight: totalWeight - forWeight - againstWeight - abstainWeight,
  };
}

/// A TallyView / struct Result as a plain object keyed by the field names.
function plain(result) {
  return result.toObject(true);
}

/// Drives proposals against one deployed registry.
class Governance {
  constructor(chain, registry, address) {
    this.chain = chain;
    this.registry = registry;
    this.address = address;
    this.domain = domainOf(chain.chainId, address);
    this.relayer = chain.wallets[0];
    this.saltCounter = 0;
  }

  reg(wallet) {
    return this.registry.connect(wallet ?? this.relayer);
  }

  nextSalt() {
    this.saltCounter += 1;
    return textHash(`salt-${this.saltCounter}`);
  }

  async currentVersion() {
    return this.registry.currentVersion();
  }

  /// Registers a proposal; returns { id, ballotHash, payload, kind, baseVersion, event, receipt }.
  async propose(kind, payload, { ballotHash, baseVersion, salt, from } = {}) {
    salt = salt ?? this.nextSalt();
    if (ballotHash === undefined) ballotHash = kind === Kind.Parameters ? keccak256(concat([textHash('params'), keccak256(payload)])) : keccak256(payload);
    if (baseVersion === undefined) baseVersion = kind === Kind.Parameters ? await this.registry.currentVersion() : 0n;
    const expectedId = proposalIdOf(kind, ballotHash, keccak256(payload), baseVersion, salt);
    const { receipt, events } = await send(this.reg(from).propose(kind, ballotHash, payload, baseVersion, salt));
    const created = eventsNamed(events, 'ProposalCreated');
    assert.equal(created.length, 1);
    assert.equal(created[0].args.proposalId, expectedId, 'ProposalCreated id equals the ethers-computed id');
    return { id: expectedId, ballotHash, payload, kind, baseVersion, salt, event: created[0], receipt };
  }

  async proposeParams(params, opts = {}) {
    return this.propose(Kind.Parameters, encodeParams(params), { ballotHash: paramsBallotHash(params), ...opts });
  }

  async proposeMembership(members, weights, guardian, opts = {}) {
    return this.propose(Kind.Membership, encodeMembership(members, weights, guardian), opts);
  }

  async proposeRules(rules, bounds, opts = {}) {
    return this.propose(Kind.Rules, encodeRules(rules, bounds), opts);
  }

  async sign(wallet, proposal, support) {
    return signBallot(wallet, this.domain, proposal.id, proposal.ballotHash, support);
  }

  /// Signs with `wallet` and relays through the relayer.
  async vote(proposal, wallet, support) {
    const sig = await this.sign(wallet, proposal, support);
    return send(this.reg().castVote(proposal.id, wallet.address, support, sig));
  }

  async votingEnd(proposal) {
    return (await this.registry.proposal(proposal.id)).votingEnd;
  }

  /// Moves the chain just past the proposal's voting end.
  async endVoting(proposal) {
    await this.chain.mineAt((await this.votingEnd(proposal)) + 1n);
  }

  async queue(proposal, from) {
    return send(this.reg(from).queue(proposal.id));
  }

  async pastEta(proposal) {
    const { eta } = await this.registry.proposal(proposal.id);
    await this.chain.mineAt(eta + 1n);
  }

  async execute(proposal, from) {
    return send(this.reg(from).execute(proposal.id, proposal.payload));
  }

  /// Votes (list of [wallet, support]), ends voting, queues, waits for the timelock and executes.
  async pass(proposal, votes) {
    for (const [w, s] of votes) await this.vote(proposal, w, s);
    await this.endVoting(proposal);
    await this.queue(proposal);
    await this.pastEta(proposal);
    return this.execute(proposal);
  }
}

module.exports = {
  registryArtifact,
  meterArtifact,
  consumerArtifact,
  registryIface,
  meterIface,
  coder,
  Kind,
  State,
  StateName,
  Support,
  DAY,
  HOUR,
  BPS,
  ONE,
  SECP256K1_N,
  PARAMS_T,
  RULES_T,
  BOUNDS_T,
  RULES,
  BOUNDS,
  BALLOT_TYPES,
  dec,
  b32,
  text,
  asset,
  genesisParams,
  tenAssetParams,
  withChange,
  setAsset,
  encodeParams,
  decodeParams,
  encodeMembership,
  encodeRules,
  paramsBallotHash,
  proposalIdOf,
  deployRegistry,
  deployMeter,
  deployConsumer,
  send,
  eventsNamed,
  domainOf,
  signBallot,
  highS,
  findRevertData,
  expectRevert,
  mustSucceed,
  expectedTally,
  plain,
  Governance,
};
