'use strict';
// The committees the tests deploy. Accounts: 0 relays and deploys; 1..5 (or 1..10) are members;
// 11..19 are outsiders.

const { deployRegistry, Governance } = require('./registry');

/// Committee of accounts 1..5 with weights 3,2,2,2,1 (total 10); guardian account 5.
async function standardRegistry(chain, overrides = {}) {
  const w = chain.wallets;
  const members = [1, 2, 3, 4, 5].map((i) => w[i]);
  const weights = [3n, 2n, 2n, 2n, 1n];
  const deployed = await deployRegistry(w[0], {
    members: members.map((m) => m.address),
    weights,
    guardian: w[5].address,
    ...overrides,
  });
  const gov = new Governance(chain, deployed.registry, deployed.address);
  return { ...deployed, gov, w, members, weights, guardian: w[5], outsider: w[11] };
}

/// Committee of accounts 1..10, weight 1 each (total 10); guardian account 10.
async function equalRegistry(chain, overrides = {}) {
  const w = chain.wallets;
  const members = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => w[i]);
  const weights = members.map(() => 1n);
  const deployed = await deployRegistry(w[0], {
    members: members.map((m) => m.address),
    weights,
    guardian: w[10].address,
    ...overrides,
  });
  const gov = new Governance(chain, deployed.registry, deployed.address);
  return { ...deployed, gov, w, members, weights, guardian: w[10], outsider: w[11] };
}

module.exports = { standardRegistry, equalRegistry };
