'use strict';
// The contract's hashes against ethers' own EIP-712 and ABI implementations.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { TypedDataEncoder, AbiCoder, keccak256, id, recoverAddress, ZeroHash } = require('ethers');
const { startChain } = require('./lib/chain');
const { standardRegistry } = require('./lib/fixture');
const R = require('./lib/registry');

const { Kind, Support, withChange, setAsset, genesisParams } = R;

describe('ethers cross-checks', { timeout: 180_000 }, () => {
  let chain;
  let f;
  before(async () => {
    chain = await startChain();
    f = await standardRegistry(chain);
  });
  after(async () => {
    await chain?.stop();
  });

  it('domainSeparator equals TypedDataEncoder.hashDomain; BALLOT_TYPEHASH equals the ethers type hash', async () => {
    const domain = R.domainOf(31337n, f.address);
    assert.equal(await f.registry.domainSeparator(), TypedDataEncoder.hashDomain(domain));
    const encoder = TypedDataEncoder.from(R.BALLOT_TYPES);
    assert.equal(encoder.encodeType('Ballot'), 'Ballot(bytes32 proposalId,bytes32 paramsHash,uint8 support)');
    assert.equal(await f.registry.BALLOT_TYPEHASH(), id(encoder.encodeType('Ballot')));
    // Another verifying contract or chain gives another separator.
    assert.notEqual(await f.registry.domainSeparator(), TypedDataEncoder.hashDomain(R.domainOf(1n, f.address)));
  });

  it('ballotDigest equals TypedDataEncoder.hash, and a wallet signature over it recovers to the wallet', async () => {
    const domain = R.domainOf(31337n, f.address);
    const p = await f.gov.proposeParams(withChange(genesisParams(), (x) => setAsset(x, 'BTC', 'scanRange', '0.2')));
    const samples = [
      [p.id, p.ballotHash],
      [id('some proposal'), id('some params')],
      [ZeroHash, ZeroHash],
    ];
    for (const [proposalId, paramsHash] of samples) {
      for (const support of [Support.Against, Support.For, Support.Abstain]) {
        const digest = await f.registry.ballotDigest(proposalId, paramsHash, support);
        assert.equal(digest, TypedDataEncoder.hash(domain, R.BALLOT_TYPES, { proposalId, paramsHash, support }));
      }
    }
    const sig = await f.w[1].signTypedData(domain, R.BALLOT_TYPES, { proposalId: p.id, paramsHash: p.ballotHash, support: Support.For });
    assert.equal(recoverAddress(await f.registry.ballotDigest(p.id, p.ballotHash, Support.For), sig), f.w[1].address);
  });

  it('proposalIdOf equals keccak256(abi.encode(kind, ballotHash, payloadHash, baseVersion, salt)) computed by ethers', async () => {
    const coder = AbiCoder.defaultAbiCoder();
    const cases = [
      [Kind.Parameters, id('b'), id('p'), 1n, id('s')],
      [Kind.Membership, id('b2'), id('p2'), 0n, ZeroHash],
      [Kind.Rules, id('b3'), id('p3'), 0n, id('s3')],
      [Kind.Parameters, id('b'), id('p'), 2n ** 64n - 1n, id('s')],
    ];
    for (const [kind, ballotHash, payloadHash, baseVersion, salt] of cases) {
      const ours = keccak256(coder.encode(['uint8', 'bytes32', 'bytes32', 'uint256', 'bytes32'], [kind, ballotHash, payloadHash, baseVersion, salt]));
      assert.equal(await f.registry.proposalIdOf(kind, ballotHash, payloadHash, baseVersion, salt), ours);
    }
    // And the id propose returns and emits is that id, for each kind.
    const params = withChange(genesisParams(), (x) => setAsset(x, 'ETH', 'scanRange', '0.25'));
    const payloads = [
      [Kind.Parameters, R.encodeParams(params), R.paramsBallotHash(params), await f.registry.currentVersion()],
      [Kind.Membership, R.encodeMembership([f.w[1].address], [1n], f.w[1].address), null, 0n],
      [Kind.Rules, R.encodeRules(R.RULES, R.BOUNDS), null, 0n],
    ];
    for (const [kind, payload, hash, base] of payloads) {
      const ballotHash = hash ?? keccak256(payload);
      const salt = id(`x${kind}`);
      const expected = keccak256(coder.encode(['uint8', 'bytes32', 'bytes32', 'uint256', 'bytes32'], [kind, ballotHash, keccak256(payload), base, salt]));
      assert.equal(await f.registry.propose.staticCall(kind, ballotHash, payload, base, salt), expected);
      const made = await f.gov.propose(kind, payload, { ballotHash, baseVersion: base, salt });
      assert.equal(made.id, expected);
      assert.equal((await f.registry.proposal(expected)).payloadHash, keccak256(payload));
      await R.expectRevert(f.gov.propose(kind, payload, { ballotHash, baseVersion: base, salt }), 'ProposalAlreadyExists', [expected]);
    }
  });

  it('checkProposal tells the supermajority without registering; the genesis encoding round-trips', async () => {
    const within = withChange(genesisParams(), (x) => setAsset(x, 'BTC', 'scanRange', '0.2'));
    const beyond = withChange(genesisParams(), (x) => setAsset(x, 'BTC', 'scanRange', '0.30'));
    const corr = withChange(genesisParams(), (x) => { x.correlationUpper[2] = R.dec('0.5'); }); // ETH-SOL 0.75 -> 0.5 > 0.2
    const im = withChange(genesisParams(), (x) => { x.imMultiplier = R.dec('1.3'); }); // +30 % > 25 %
    for (const [p, want] of [[within, false], [beyond, true], [corr, true], [im, true]]) {
      assert.equal(await f.registry.checkProposal(Kind.Parameters, R.paramsBallotHash(p), R.encodeParams(p), 1n), want);
    }
    const membership = R.encodeMembership([f.w[1].address], [1n], f.w[1].address);
    assert.equal(await f.registry.checkProposal(Kind.Membership, keccak256(membership), membership, 0n), true);
    assert.deepEqual(R.plain(await f.registry.parameters(1n)), genesisParams());
    assert.equal(keccak256(R.encodeParams(genesisParams())), keccak256(R.coder.encode([R.PARAMS_T], [R.plain(await f.registry.parameters(1n))])));
  });
});
