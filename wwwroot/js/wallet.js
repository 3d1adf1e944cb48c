// Browser wallet access for the portal (EIP-1193 `window.ethereum`): sign-in (personal_sign of an
// EIP-4361 message) and ballots (eth_signTypedData_v4). The development wallet signs on the
// server instead and is reached through the same sign-in endpoints.
window.riskgovWallet = {
  available: function () { return typeof window.ethereum !== "undefined"; },
  requestAccount: async function () {
    if (!window.ethereum) { throw new Error("No browser wallet found (window.ethereum is missing)."); }
    const accounts = await window.ethereum.request({ method: "eth_requestAccounts" });
    if (!accounts || accounts.length === 0) { throw new Error("The wallet returned no account."); }
    return accounts[0];
  },
  chainId: async function () {
    return await window.ethereum.request({ method: "eth_chainId" });
  },
  personalSign: async function (address, message) {
    return await window.ethereum.request({ method: "personal_sign", params: [message, address] });
  },
  signTypedData: async function (address, typedDataJson) {
    return await window.ethereum.request({ method: "eth_signTypedData_v4", params: [address, typedDataJson] });
  },
  // POSTs JSON to a same-origin endpoint (so that the sign-in cookie is set in this browser).
  postJson: async function (url, body) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    });
    const text = await response.text();
    return { status: response.status, body: text };
  },
  reload: function (url) { window.location.href = url || window.location.href; }
};
