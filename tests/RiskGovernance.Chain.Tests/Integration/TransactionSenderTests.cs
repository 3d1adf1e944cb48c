using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using RiskGovernance.Chain.Tests.Contracts;
using RiskGovernance.Primitives;
using RiskGovernance.Testing;

namespace RiskGovernance.Chain.Tests.Integration;

/// <summary>
/// <see cref="TransactionSender"/> against a real anvil: the journal-before-broadcast callback,
/// concurrent sends of one key, the "nonce too low but the node knows this hash" rule (a lost
/// broadcast answer, journaled bytes re-broadcast after a crash), a stale nonce, and reverts in the
/// gas estimate. Each test deploys its own ChainProbe and sends through its own client (so with its
/// own nonce services).
/// </summary>
public sealed class TransactionSenderTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task DeployAsync_ChainProbe_CodeAndConstructorState()
    {
        var owner = DevelopmentKeys.Key(1);
        var (sender, probe) = await DeployProbeAsync(owner, initial: 42);

        Assert.NotEmpty(await sender.Chain.GetCodeAsync(probe, CancellationToken.None));
        Assert.Equal(new BigInteger(42), await ValueAsync(sender.Chain, probe));
        var deployer = await sender.Chain.Web3.Eth.GetContractQueryHandler<OwnerFunction>().QueryAsync<string>(probe.ToString(), new OwnerFunction());
        Assert.Equal(owner.Address, Address.Parse(deployer.ToLowerInvariant()));
    }

    /// <summary>
    /// The callback gets the hash and the exact bytes while the node does not know the transaction
    /// yet (so a journal written there survives a crash before the broadcast), and the hash is the
    /// keccak of those bytes, signed by the key.
    /// </summary>
    [Fact]
    public async Task SendAsync_Store_OnSignedSeesHashAndRawBeforeTheNodeKnowsThem()
    {
        var owner = DevelopmentKeys.Key(2);
        var (sender, probe) = await DeployProbeAsync(owner);
        var chain = sender.Chain;
        var nonceBefore = await PendingNonceAsync(chain, owner.Address);
        SignedTransaction? journaled = null;
        bool? knownWhenJournaled = null;

        var receipt = await sender.SendAsync(
            owner, probe, new StoreFunction { NewValue = 99, Note = "ratified" }, ChainProbeContract.Errors, CancellationToken.None,
            onSigned: async (signed, ct) =>
            {
                journaled = signed;
                knownWhenJournaled = await chain.IsKnownTransactionAsync(signed.Hash, ct);
            });

        Assert.NotNull(journaled);
        Assert.False(knownWhenJournaled);
        Assert.True(await chain.IsKnownTransactionAsync(journaled.Hash, CancellationToken.None));
        Assert.Equal(journaled.Hash, Hash32.Keccak(HexText.Decode(journaled.RawHex)));
        Assert.Equal(0x02, HexText.Decode(journaled.RawHex)[0]);
        Assert.Equal(owner.Address, Address.Parse(TransactionVerificationAndRecovery.GetSenderAddress(journaled.RawHex).ToLowerInvariant()));
        Assert.Equal(owner.Address, journaled.Sender);
        Assert.Equal(nonceBefore, journaled.Nonce);
        Assert.Equal(journaled.Hash, receipt.TransactionHash);
        Assert.True(receipt.Succeeded);
        Assert.Equal(owner.Address, receipt.From);
        Assert.Equal(new BigInteger(99), await ValueAsync(chain, probe));
    }

    [Fact]
    public async Task SendAsync_TenConcurrentSendsFromOneKey_DistinctConsecutiveNoncesAllMined()
    {
        const int Count = 10;
        var owner = DevelopmentKeys.Key(3);
        var (sender, probe) = await DeployProbeAsync(owner);
        var nonceBefore = await PendingNonceAsync(sender.Chain, owner.Address);
        var nonces = new ConcurrentBag<BigInteger>();

        var receipts = await Task.WhenAll(Enumerable.Range(0, Count).Select(i => sender.SendAsync(
            owner, probe, new StoreFunction { NewValue = 100 + i, Note = $"send {i}" }, ChainProbeContract.Errors, CancellationToken.None,
            onSigned: (signed, _) =>
            {
                nonces.Add(signed.Nonce);
                return Task.CompletedTask;
            })));

        Assert.All(receipts, r => Assert.True(r.Succeeded));
        Assert.Equal(Count, receipts.Select(r => r.TransactionHash).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, Count).Select(i => nonceBefore + i), nonces.Order());
        Assert.Equal(nonceBefore + Count, await PendingNonceAsync(sender.Chain, owner.Address));
    }

    /// <summary>Re-broadcasting the bytes of a mined transaction is refused by the node ("nonce too low"), and the node knows the hash: already sent.</summary>
    [Fact]
    public async Task RebroadcastAsync_MinedTransaction_AlreadyKnownAndNothingNewSent()
    {
        var owner = DevelopmentKeys.Key(4);
        var (sender, probe) = await DeployProbeAsync(owner);
        SignedTransaction? journaled = null;
        await sender.SendAsync(owner, probe, new StoreFunction { NewValue = 5, Note = "once" }, ChainProbeContract.Errors, CancellationToken.None, onSigned: (signed, _) =>
        {
            journaled = signed;
            return Task.CompletedTask;
        });
        var nonceAfterSend = await PendingNonceAsync(sender.Chain, owner.Address);

        var outcome = await sender.RebroadcastAsync(journaled!.RawHex, journaled.Hash, CancellationToken.None);

        Assert.Equal(RebroadcastOutcome.AlreadyKnown, outcome);
        Assert.Equal(nonceAfterSend, await PendingNonceAsync(sender.Chain, owner.Address));
    }

    /// <summary>
    /// The process journals a transaction and dies before the broadcast; after the restart another
    /// transaction takes that nonce. The journaled bytes can then never be mined.
    /// </summary>
    [Fact]
    public async Task RebroadcastAsync_NonceTakenByAnotherTransaction_NonceTaken()
    {
        var owner = DevelopmentKeys.Key(5);
        var (crashed, probe) = await DeployProbeAsync(owner);
        var journaled = await JournalThenCrashAsync(crashed, owner, probe);

        var restarted = anvil.CreateSender();
        var other = await restarted.BroadcastAsync(owner, probe, new StoreFunction { NewValue = 6, Note = "other" }, ChainProbeContract.Errors, null, CancellationToken.None);
        await restarted.Chain.WaitForReceiptAsync(other.Hash, 1, CancellationToken.None);

        Assert.Equal(journaled.Nonce, other.Nonce);
        Assert.Equal(RebroadcastOutcome.NonceTaken, await restarted.RebroadcastAsync(journaled.RawHex, journaled.Hash, CancellationToken.None));
        Assert.False(await restarted.Chain.IsKnownTransactionAsync(journaled.Hash, CancellationToken.None));
    }

    /// <summary>After the crash nobody took the nonce: the journaled bytes are broadcast and mined, and a second re-broadcast finds them known.</summary>
    [Fact]
    public async Task RebroadcastAsync_JournaledButNeverSent_BroadcastMinedThenAlreadyKnown()
    {
        var owner = DevelopmentKeys.Key(6);
        var (crashed, probe) = await DeployProbeAsync(owner);
        var journaled = await JournalThenCrashAsync(crashed, owner, probe);
        var restarted = anvil.CreateSender();

        Assert.Equal(RebroadcastOutcome.Broadcast, await restarted.RebroadcastAsync(journaled.RawHex, journaled.Hash, CancellationToken.None));
        var receipt = await restarted.Chain.WaitForReceiptAsync(journaled.Hash, 1, CancellationToken.None);

        Assert.True(receipt.Succeeded);
        Assert.Equal(new BigInteger(77), await ValueAsync(restarted.Chain, probe));
        Assert.Equal(RebroadcastOutcome.AlreadyKnown, await restarted.RebroadcastAsync(journaled.RawHex, journaled.Hash, CancellationToken.None));
    }

    /// <summary>
    /// The journal write fails (the callback throws): nothing was broadcast, so the same sender's
    /// next transaction must take that nonce again; a gap would leave it pending for ever.
    /// </summary>
    [Fact]
    public async Task BroadcastAsync_OnSignedThrows_NothingSentAndNextSendTakesTheSameNonce()
    {
        var owner = DevelopmentKeys.Key(7);
        var (sender, probe) = await DeployProbeAsync(owner);
        var nonceBefore = await PendingNonceAsync(sender.Chain, owner.Address);
        SignedTransaction? failed = null;

        await Assert.ThrowsAsync<IOException>(() => sender.BroadcastAsync(
            owner, probe, new StoreFunction { NewValue = 8, Note = "journal full" }, ChainProbeContract.Errors,
            (signed, _) =>
            {
                failed = signed;
                throw new IOException("journal disk full");
            },
            CancellationToken.None));

        Assert.NotNull(failed);
        Assert.False(await sender.Chain.IsKnownTransactionAsync(failed.Hash, CancellationToken.None));
        Assert.Equal(nonceBefore, await PendingNonceAsync(sender.Chain, owner.Address));

        var next = await sender.BroadcastAsync(owner, probe, new StoreFunction { NewValue = 9, Note = "retry" }, ChainProbeContract.Errors, null, CancellationToken.None);
        Assert.Equal(failed.Nonce, next.Nonce);
        Assert.True((await sender.Chain.WaitForReceiptAsync(next.Hash, 1, CancellationToken.None)).Succeeded);
    }

    /// <summary>
    /// The node takes the first broadcast but its answer is lost (connection reset): the retry of the
    /// same bytes is refused ("already known" or "nonce too low"), the node knows the hash, so the
    /// transaction counts as sent and no second one is signed.
    /// </summary>
    [Fact]
    public async Task SendAsync_BroadcastAnswerLost_RetriedBytesCountAsSentSignedOnce()
    {
        var owner = DevelopmentKeys.Key(9);
        var (_, probe) = await DeployProbeAsync(owner);
        using var handler = new LoseFirstBroadcastAnswer { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(handler);
        using var chain = new ChainClient(anvil.CreateOptions(), http);
        var sender = new TransactionSender(chain);
        var nonceBefore = await PendingNonceAsync(chain, owner.Address);
        var signedCount = 0;

        var receipt = await sender.SendAsync(owner, probe, new StoreFunction { NewValue = 3, Note = "lost answer" }, ChainProbeContract.Errors, CancellationToken.None, onSigned: (_, _) =>
        {
            Interlocked.Increment(ref signedCount);
            return Task.CompletedTask;
        });

        Assert.True(receipt.Succeeded);
        Assert.Equal(1, signedCount);
        Assert.Equal(2, handler.Broadcasts);
        Assert.Equal(nonceBefore + 1, await PendingNonceAsync(chain, owner.Address));
    }

    /// <summary>
    /// A lagging node (behind a load balancer) reports one transaction fewer: the nonce signed is
    /// taken, the node does not know that hash, so the sender reads the nonce again, signs anew and
    /// the journal sees both.
    /// </summary>
    [Fact]
    public async Task SendAsync_StaleNonceRefusedForUnknownHash_ResignedWithFreshNonce()
    {
        var owner = DevelopmentKeys.Key(8);
        var (_, probe) = await DeployProbeAsync(owner);
        using var handler = new StaleFirstNonce { InnerHandler = new HttpClientHandler() };
        using var http = new HttpClient(handler);
        using var chain = new ChainClient(anvil.CreateOptions(), http);
        var sender = new TransactionSender(chain);
        var nonceBefore = await PendingNonceAsync(anvil.CreateClient(), owner.Address);
        var signedNonces = new List<BigInteger>();

        var receipt = await sender.SendAsync(owner, probe, new StoreFunction { NewValue = 4, Note = "stale" }, ChainProbeContract.Errors, CancellationToken.None, onSigned: (signed, _) =>
        {
            signedNonces.Add(signed.Nonce);
            return Task.CompletedTask;
        });

        Assert.True(receipt.Succeeded);
        Assert.Equal([nonceBefore - 1, nonceBefore], signedNonces);
        Assert.Equal(nonceBefore + 1, await PendingNonceAsync(chain, owner.Address));
    }

    [Fact]
    public async Task SendAsync_GasEstimateRevertsWithCustomError_ContractRevertExceptionAndNothingSent()
    {
        var owner = DevelopmentKeys.Key(8);
        var (sender, probe) = await DeployProbeAsync(owner, initial: 1);
        var nonceBefore = await PendingNonceAsync(sender.Chain, owner.Address);
        var signedCount = 0;

        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => sender.SendAsync(
            owner, probe, new StoreFunction { NewValue = 13, Note = "unlucky" }, ChainProbeContract.Errors, CancellationToken.None,
            onSigned: (_, _) =>
            {
                signedCount++;
                return Task.CompletedTask;
            }));

        Assert.Equal("NotAllowed", ex.ErrorName);
        Assert.Equal([owner.Address.ToString(), "13"], ex.Arguments);
        Assert.StartsWith("NotAllowed(", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.EncodedData);
        Assert.True(ChainErrors.IsChainError(ex));
        Assert.Equal(0, signedCount);
        Assert.Equal(nonceBefore, await PendingNonceAsync(sender.Chain, owner.Address));
        Assert.Equal(BigInteger.One, await ValueAsync(sender.Chain, probe));
    }

    [Fact]
    public async Task SendAsync_GasEstimateRevertsWithReasonString_ErrorWithTheReason()
    {
        var owner = DevelopmentKeys.Key(9);
        var (sender, probe) = await DeployProbeAsync(owner);
        var nonceBefore = await PendingNonceAsync(sender.Chain, owner.Address);

        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => sender.SendAsync(
            owner, probe, new StoreFunction { NewValue = 7, Note = "x" }, ChainProbeContract.Errors, CancellationToken.None));

        Assert.Equal("Error", ex.ErrorName);
        Assert.Equal(["seven is not allowed"], ex.Arguments);
        Assert.Equal(nonceBefore, await PendingNonceAsync(sender.Chain, owner.Address));
    }

    /// <summary>Without the contract's ABI the revert is still recognised (and nothing sent), only not named.</summary>
    [Fact]
    public async Task SendAsync_CustomErrorWithoutAbi_UnknownRevertAndNothingSent()
    {
        var owner = DevelopmentKeys.Key(0);
        var (sender, probe) = await DeployProbeAsync(owner);
        var nonceBefore = await PendingNonceAsync(sender.Chain, owner.Address);

        var ex = await Assert.ThrowsAsync<ContractRevertException>(() => sender.SendAsync(
            owner, probe, new StoreFunction { NewValue = 13, Note = "x" }, errors: null, CancellationToken.None));

        Assert.Equal("Unknown", ex.ErrorName);
        Assert.Equal(nonceBefore, await PendingNonceAsync(sender.Chain, owner.Address));
    }

    /// <summary>Forwards to the node, but loses the node's answer to the first eth_sendRawTransaction, as a flaky network would.</summary>
    private sealed class LoseFirstBroadcastAnswer : DelegatingHandler
    {
        private int _broadcasts;

        public int Broadcasts => Volatile.Read(ref _broadcasts);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            if (body.Contains("\"eth_sendRawTransaction\"", StringComparison.Ordinal) && Interlocked.Increment(ref _broadcasts) == 1)
            {
                response.Dispose();
                throw new HttpRequestException("connection reset (simulated)");
            }

            return response;
        }
    }

    /// <summary>Forwards to the node, but answers the first eth_getTransactionCount with one less, as a lagging node would.</summary>
    private sealed class StaleFirstNonce : DelegatingHandler
    {
        private int _served;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            if (!body.Contains("\"eth_getTransactionCount\"", StringComparison.Ordinal) || Interlocked.Exchange(ref _served, 1) == 1)
            {
                return response;
            }

            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            var count = long.Parse(answer["result"]!.GetValue<string>().AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            answer["result"] = "0x" + (count - 1).ToString("x", CultureInfo.InvariantCulture);
            response.Content = new StringContent(answer.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            return response;
        }
    }

    /// <summary>Signs a store(77) with <paramref name="sender"/>, keeps what the callback journaled, and "dies" there (the callback throws the simulated crash).</summary>
    private static async Task<SignedTransaction> JournalThenCrashAsync(TransactionSender sender, SigningKey owner, Address probe)
    {
        SignedTransaction? journaled = null;
        await Assert.ThrowsAsync<SimulatedCrashException>(() => sender.BroadcastAsync(
            owner, probe, new StoreFunction { NewValue = 77, Note = "journaled" }, ChainProbeContract.Errors,
            (signed, _) =>
            {
                journaled = signed;
                throw new SimulatedCrashException();
            },
            CancellationToken.None));
        Assert.NotNull(journaled);
        Assert.False(await sender.Chain.IsKnownTransactionAsync(journaled.Hash, CancellationToken.None));
        return journaled;
    }

    private async Task<(TransactionSender Sender, Address Probe)> DeployProbeAsync(SigningKey owner, int initial = 1)
    {
        var sender = anvil.CreateSender();
        var probe = await sender.DeployAsync(owner, new ChainProbeDeployment { Initial = initial }, ChainProbeContract.Errors, CancellationToken.None);
        return (sender, probe);
    }

    private static async Task<BigInteger> PendingNonceAsync(ChainClient chain, Address account)
        => (await chain.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(account.ToString(), BlockParameter.CreatePending())).Value;

    private static Task<BigInteger> ValueAsync(ChainClient chain, Address probe)
        => chain.Web3.Eth.GetContractQueryHandler<ValueFunction>().QueryAsync<BigInteger>(probe.ToString(), new ValueFunction());
}
