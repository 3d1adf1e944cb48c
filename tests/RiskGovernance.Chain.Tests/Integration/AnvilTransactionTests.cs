using System.Collections.Concurrent;
using System.Numerics;
using System.Text.Json;
using RiskGovernance.Chain.Accounts;
using RiskGovernance.Chain.Encoding;
using RiskGovernance.Chain.Rpc;
using RiskGovernance.Chain.Sending;
using RiskGovernance.Testing;
using RiskGovernance.Chain.Transactions;

namespace RiskGovernance.Chain.Tests.Integration;

/// <summary>Value transfers against a real anvil. Each test uses its own development account.</summary>
public sealed class AnvilTransactionTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    private static readonly BigInteger Gwei = BigInteger.Pow(10, 9);

    [Fact]
    public async Task GetChainIdAsync_Anvil_LocalChainIdAndDevelopmentAccounts()
    {
        var client = anvil.CreateClient();
        Assert.Equal(new BigInteger(DevelopmentKeys.LocalChainId), await client.GetChainIdAsync(CancellationToken.None));
        var accounts = await client.SendRequestAsync("eth_accounts", [], CancellationToken.None);
        var expected = DevelopmentKeys.Addresses();
        Assert.Equal(expected, accounts.EnumerateArray().Select(a => Address.Parse(a.GetString()!.ToLowerInvariant())).ToList());
        Assert.Equal(10000 * Ether, await client.GetBalanceAsync(expected[9], BlockParameter.Latest, CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_EthTransfer_HashReportedBeforeBroadcastAndBalanceArrives()
    {
        var client = anvil.CreateClient();
        var sender = anvil.CreateSender(client: client);
        var signer = DevelopmentKeys.Signer(1);
        var recipient = Address.FromBytes(Keccak("recipient-1")[..20]);
        SignedTransaction? reported = null;
        var knownBeforeBroadcast = true;

        var receipt = await sender.SendAsync(
            signer,
            TransactionRequest.Transfer(recipient, Ether),
            CancellationToken.None,
            async (signed, ct) =>
            {
                reported = signed;
                var tx = await client.SendRequestAsync("eth_getTransactionByHash", [signed.Hash.ToString()], ct);
                knownBeforeBroadcast = tx.ValueKind != JsonValueKind.Null;
            });

        Assert.NotNull(reported);
        Assert.False(knownBeforeBroadcast);
        Assert.Equal(reported.Hash, receipt.TransactionHash);
        Assert.True(receipt.Succeeded);
        Assert.Equal(signer.Address, receipt.From);
        Assert.Equal(new BigInteger(21000), receipt.GasUsed);
        Assert.Equal(Ether, await client.GetBalanceAsync(recipient, BlockParameter.Latest, CancellationToken.None));
        Assert.Equal(reported.Nonce + 1, await client.GetTransactionCountAsync(signer.Address, BlockParameter.Pending, CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_TwentyConcurrentSendsFromOneKey_AllMinedWithDistinctNonces()
    {
        const int Count = 20;
        var client = anvil.CreateClient();
        var sender = anvil.CreateSender(client: client);
        var signer = DevelopmentKeys.Signer(2);
        var firstNonce = await client.GetTransactionCountAsync(signer.Address, BlockParameter.Pending, CancellationToken.None);
        var nonces = new ConcurrentDictionary<Hash32, BigInteger>();

        var receipts = await Task.WhenAll(Enumerable.Range(0, Count).Select(i => sender.SendAsync(
            signer,
            TransactionRequest.Transfer(Address.FromBytes(Keccak($"concurrent-{i}")[..20]), i + 1),
            CancellationToken.None,
            (signed, _) =>
            {
                nonces[signed.Hash] = signed.Nonce;
                return Task.CompletedTask;
            })));

        Assert.All(receipts, r => Assert.True(r.Succeeded));
        var minedNonces = receipts.Select(r => nonces[r.TransactionHash]).Order().ToList();
        Assert.Equal(Enumerable.Range(0, Count).Select(i => firstNonce + i).ToList(), minedNonces);
        Assert.Equal(firstNonce + Count, await client.GetTransactionCountAsync(signer.Address, BlockParameter.Latest, CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_NonceUsedBehindTheSendersBack_ResyncsAndSucceeds()
    {
        var client = anvil.CreateClient();
        var sender = anvil.CreateSender(client: client);
        var signer = DevelopmentKeys.Signer(4);
        await sender.SendAsync(signer, TransactionRequest.Transfer(DevelopmentKeys.Addresses()[0], 1), CancellationToken.None);

        // Another process uses the next nonce directly: the sender's cached nonce is now too low.
        var nonce = await client.GetTransactionCountAsync(signer.Address, BlockParameter.Pending, CancellationToken.None);
        var outside = new Eip1559Transaction(DevelopmentKeys.LocalChainId, nonce, Gwei, 10 * Gwei, 21000, DevelopmentKeys.Addresses()[0], 1, []);
        await client.SendRawTransactionAsync(outside.Sign(DevelopmentKeys.Key(4)), CancellationToken.None);

        var signedNonces = new List<BigInteger>();
        var receipt = await sender.SendAsync(signer, TransactionRequest.Transfer(DevelopmentKeys.Addresses()[0], 2), CancellationToken.None, (signed, _) =>
        {
            signedNonces.Add(signed.Nonce);
            return Task.CompletedTask;
        });

        Assert.True(receipt.Succeeded);
        Assert.Equal([nonce, nonce + 1], signedNonces);
    }

    [Fact]
    public async Task SendAsync_BroadcastResponseLostThenRetried_SentExactlyOnce()
    {
        using var http = new HttpClient(new LoseFirstBroadcastResponse { InnerHandler = new HttpClientHandler() });
        var client = new EthRpcClient(http, Microsoft.Extensions.Options.Options.Create(anvil.CreateOptions()));
        var sender = new TransactionSender(client, new NonceAllocator(), Microsoft.Extensions.Options.Options.Create(new TransactionSenderOptions()));
        var signer = DevelopmentKeys.Signer(8);
        var nonceBefore = await client.GetTransactionCountAsync(signer.Address, BlockParameter.Pending, CancellationToken.None);
        var signedCount = 0;

        var receipt = await sender.SendAsync(signer, TransactionRequest.Transfer(DevelopmentKeys.Addresses()[0], 3), CancellationToken.None, (_, _) =>
        {
            signedCount++;
            return Task.CompletedTask;
        });

        Assert.True(receipt.Succeeded);
        Assert.Equal(1, signedCount);
        Assert.Equal(nonceBefore + 1, await client.GetTransactionCountAsync(signer.Address, BlockParameter.Pending, CancellationToken.None));
    }

    [Fact]
    public async Task SendRawTransactionAsync_PersistedRawBytesAfterRestart_BroadcastOnceAndFound()
    {
        var client = anvil.CreateClient();
        var key = DevelopmentKeys.Key(9);
        var nonce = await client.GetTransactionCountAsync(key.Address, BlockParameter.Pending, CancellationToken.None);
        var signed = new Eip1559Transaction(DevelopmentKeys.LocalChainId, nonce, Gwei, 10 * Gwei, 21000, DevelopmentKeys.Addresses()[0], 77, []).Sign(key);
        Assert.Null(await client.GetTransactionAsync(signed.Hash, CancellationToken.None));

        var persisted = Hex.Decode(signed.RawHex);
        Assert.Equal(signed.Hash, await client.SendRawTransactionAsync(persisted, CancellationToken.None));
        var receipt = await client.WaitForReceiptAsync(signed.Hash, 1, CancellationToken.None);

        var info = await client.GetTransactionAsync(signed.Hash, CancellationToken.None);
        Assert.NotNull(info);
        Assert.Equal(key.Address, info.From);
        Assert.Equal(nonce, info.Nonce);
        Assert.Equal(new BigInteger(77), info.Value);
        Assert.Equal(receipt.BlockNumber, info.BlockNumber);
        await Assert.ThrowsAsync<ChainRpcException>(() => client.SendRawTransactionAsync(persisted, CancellationToken.None));
    }

    [Fact]
    public async Task WaitForReceiptAsync_ThreeConfirmations_WaitsForTwoMoreBlocks()
    {
        var client = anvil.CreateClient();
        var sender = anvil.CreateSender(confirmations: 3, client: client);
        var controls = new AnvilClient(anvil.CreateClient());
        using var stop = new CancellationTokenSource();
        var miner = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(150);
                await controls.MineAsync(CancellationToken.None);
            }
        });

        var receipt = await sender.SendAsync(DevelopmentKeys.Signer(5), TransactionRequest.Transfer(DevelopmentKeys.Addresses()[0], 1), CancellationToken.None);
        var head = await client.GetBlockNumberAsync(CancellationToken.None);
        await stop.CancelAsync();
        await miner;

        Assert.True(head - receipt.BlockNumber + 1 >= 3, $"head {head}, receipt block {receipt.BlockNumber}");
    }

    [Fact]
    public void Sign_Eip1559Transaction_IdenticalToCastMktx()
    {
        var key = DevelopmentKeys.Key(6);
        var probe = Contracts.ChainProbeContract.Store;
        var to = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
        var data = probe.EncodeCall(5, "hello");
        var ours = new Eip1559Transaction(DevelopmentKeys.LocalChainId, 7, 2 * Gwei, 30 * Gwei, 100000, to, Ether / 10, data).Sign(key);

        var cast = CastTool.Run(
            "mktx", "--private-key", Hex.Encode(key.ExportBytes()), "--chain", "31337", "--nonce", "7",
            "--gas-limit", "100000", "--priority-gas-price", "2gwei", "--gas-price", "30gwei", "--value", "0.1ether",
            "--rpc-url", anvil.RpcUrl.ToString(),
            to.ToString(), "store(uint256,string)", "5", "hello");

        Assert.Equal(cast, ours.RawHex);
    }

    [Fact]
    public void Sign_LegacyTransaction_IdenticalToCastMktxLegacy()
    {
        var key = DevelopmentKeys.Key(6);
        var ours = new LegacyTransaction(DevelopmentKeys.LocalChainId, 3, 5 * Gwei, 50000, DevelopmentKeys.Addresses()[1], 12345, [0xca, 0xfe]).Sign(key);

        var cast = CastTool.Run(
            "mktx", "--legacy", "--private-key", Hex.Encode(key.ExportBytes()), "--chain", "31337", "--nonce", "3",
            "--gas-limit", "50000", "--gas-price", "5gwei", "--value", "12345", "--rpc-url", anvil.RpcUrl.ToString(),
            DevelopmentKeys.Addresses()[1].ToString(), "0xcafe");

        Assert.Equal(cast, ours.RawHex);
    }

    [Fact]
    public async Task SuggestFeesAsync_Anvil_BaseFeeAndMinimumTip()
    {
        var client = anvil.CreateClient();
        var fees = await client.SuggestFeesAsync(Gwei, CancellationToken.None);
        var latest = await client.GetBlockAsync(BlockParameter.Latest, CancellationToken.None);
        Assert.NotNull(latest);
        Assert.True(fees.BaseFeePerGas > 0 && fees.BaseFeePerGas <= Gwei, $"base fee {fees.BaseFeePerGas}");
        Assert.True(fees.MaxPriorityFeePerGas >= Gwei);
        Assert.Equal((fees.BaseFeePerGas * 2) + fees.MaxPriorityFeePerGas, fees.MaxFeePerGas());
    }

    /// <summary>Forwards to the node but drops the answer to the first eth_sendRawTransaction, as a flaky network would.</summary>
    private sealed class LoseFirstBroadcastResponse : DelegatingHandler
    {
        private int _lost;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            if (body.Contains("eth_sendRawTransaction", StringComparison.Ordinal) && Interlocked.Exchange(ref _lost, 1) == 0)
            {
                response.Dispose();
                throw new HttpRequestException("connection reset (simulated)");
            }

            return response;
        }
    }

    private static byte[] Keccak(string text) => RiskGovernance.Chain.Crypto.Keccak256.Hash(text);
}
