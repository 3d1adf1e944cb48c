using RiskGovernance.Chain;
using RiskGovernance.Contracts.Push;

namespace RiskGovernance.Contracts.Tests;

public sealed class JsonFilePushJournalTests : IDisposable
{
    private static readonly Address RegistryA = Address.Parse("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    private static readonly Address RegistryB = Address.Parse("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"push-journal-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task SaveThenFind_NewJournalInstance_ReadsTheSameRecord()
    {
        var path = Path.Combine(_directory, "journal.json");
        var record = new PushRecord(
            RegistryA,
            Hash32.Keccak("p1"),
            new JournaledTransaction(Hash32.Keccak("tx1"), "0x02f8", JournaledStatus.Succeeded),
            new JournaledTransaction(Hash32.Keccak("tx2"), "0x02f9", JournaledStatus.Signed));

        await new JsonFilePushJournal(path).SaveAsync(record, CancellationToken.None);
        var read = await new JsonFilePushJournal(path).FindAsync(RegistryA, Hash32.Keccak("p1"), CancellationToken.None);

        Assert.Equal(record, read);
    }

    [Fact]
    public async Task Save_SameProposalOtherRegistry_KeepsBothAndReplacesOnlyItsOwn()
    {
        var journal = new JsonFilePushJournal(Path.Combine(_directory, "journal.json"));
        var id = Hash32.Keccak("p");
        var signed = new JournaledTransaction(Hash32.Keccak("q"), "0x01", JournaledStatus.Signed);
        await journal.SaveAsync(new PushRecord(RegistryA, id, signed, null), CancellationToken.None);
        await journal.SaveAsync(new PushRecord(RegistryB, id, null, null), CancellationToken.None);

        await journal.SaveAsync(new PushRecord(RegistryA, id, signed with { Status = JournaledStatus.Succeeded }, null), CancellationToken.None);

        Assert.Equal(JournaledStatus.Succeeded, (await journal.FindAsync(RegistryA, id, CancellationToken.None))!.Queue!.Status);
        Assert.Null((await journal.FindAsync(RegistryB, id, CancellationToken.None))!.Queue);
        Assert.Null(await journal.FindAsync(RegistryA, Hash32.Keccak("other"), CancellationToken.None));
    }

    [Fact]
    public async Task Save_Repeatedly_LeavesNoTemporaryFiles()
    {
        var journal = new JsonFilePushJournal(Path.Combine(_directory, "journal.json"));

        for (var i = 0; i < 5; i++)
        {
            await journal.SaveAsync(new PushRecord(RegistryA, Hash32.Keccak($"p{i}"), null, null), CancellationToken.None);
        }

        Assert.Equal(["journal.json"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }
}
