namespace RiskGovernance.Chain.Tests;

/// <summary>EIP-712 typed data in the eth_signTypedData_v4 JSON form, shared by the vector and cast tests.</summary>
internal static class TypedDataSamples
{
    /// <summary>The "Mail" example of EIP-712 (assets/eip-712/Example.js), signed by Cow (key keccak256("cow")).</summary>
    public const string MailJson = """
        {
          "types": {
            "EIP712Domain": [
              { "name": "name", "type": "string" },
              { "name": "version", "type": "string" },
              { "name": "chainId", "type": "uint256" },
              { "name": "verifyingContract", "type": "address" }
            ],
            "Person": [
              { "name": "name", "type": "string" },
              { "name": "wallet", "type": "address" }
            ],
            "Mail": [
              { "name": "from", "type": "Person" },
              { "name": "to", "type": "Person" },
              { "name": "contents", "type": "string" }
            ]
          },
          "primaryType": "Mail",
          "domain": { "name": "Ether Mail", "version": "1", "chainId": 1, "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC" },
          "message": {
            "from": { "name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826" },
            "to": { "name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB" },
            "contents": "Hello, Bob!"
          }
        }
        """;

    /// <summary>Typed data with dynamic and fixed arrays, an array of structs, a nested struct, bytes, bytes32, bool and signed integers.</summary>
    public const string BallotJson = """
        {
          "types": {
            "EIP712Domain": [
              { "name": "name", "type": "string" },
              { "name": "version", "type": "string" },
              { "name": "chainId", "type": "uint256" },
              { "name": "verifyingContract", "type": "address" }
            ],
            "Ballot": [
              { "name": "proposalId", "type": "bytes32" },
              { "name": "paramsHash", "type": "bytes32" },
              { "name": "support", "type": "bool" },
              { "name": "weights", "type": "uint256[]" },
              { "name": "shifts", "type": "int256[2]" },
              { "name": "assets", "type": "Asset[]" },
              { "name": "note", "type": "bytes" },
              { "name": "voter", "type": "Voter" }
            ],
            "Asset": [
              { "name": "symbol", "type": "string" },
              { "name": "scanRange", "type": "uint64" }
            ],
            "Voter": [
              { "name": "account", "type": "address" },
              { "name": "tags", "type": "string[]" }
            ]
          },
          "primaryType": "Ballot",
          "domain": { "name": "RiskGovernance", "version": "1", "chainId": 31337, "verifyingContract": "0x5FbDB2315678afecb367f032d93F642f64180aa3" },
          "message": {
            "proposalId": "0x1111111111111111111111111111111111111111111111111111111111111111",
            "paramsHash": "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
            "support": true,
            "weights": [1, "1000000000000000000", "0xff"],
            "shifts": [-5, 7],
            "assets": [ { "symbol": "BTC", "scanRange": 150000000000000000 }, { "symbol": "ETH", "scanRange": 200000000000000000 } ],
            "note": "0xdeadbeef",
            "voter": { "account": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "tags": ["risk", "committee"] }
          }
        }
        """;
}
