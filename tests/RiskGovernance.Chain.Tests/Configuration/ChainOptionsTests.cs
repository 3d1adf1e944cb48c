using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RiskGovernance.Chain.Tests.Configuration;

/// <summary><see cref="ChainOptions"/>: every problem names its setting; the endpoint never shows its path.</summary>
public sealed class ChainOptionsTests
{
    private static ChainOptions Valid() => new() { RpcUrl = new Uri("http://127.0.0.1:8545") };

    [Fact]
    public void Problems_ValidOptions_None()
        => Assert.Empty(Valid().Problems());

    [Fact]
    public void Problems_NoUrl_OnlyRpcUrlRequired()
        => Assert.Equal(["Chain:RpcUrl: is required."], new ChainOptions().Problems());

    [Theory]
    [InlineData("ftp://node.test/")]
    [InlineData("ws://node.test:8546")]
    [InlineData("/relative")]
    public void Problems_NotAnHttpUrl_NamesRpcUrl(string url)
    {
        var options = Valid();
        options.RpcUrl = new Uri(url, UriKind.RelativeOrAbsolute);

        Assert.Equal(["Chain:RpcUrl: must be an absolute http or https URL."], options.Problems());
    }

    /// <summary>Each bad setting gives one problem that starts with its configuration key.</summary>
    [Theory]
    [InlineData(nameof(ChainOptions.RequestTimeout))]
    [InlineData(nameof(ChainOptions.InitialBackoff))]
    [InlineData(nameof(ChainOptions.MaxBackoff))]
    [InlineData(nameof(ChainOptions.ReceiptPollInterval))]
    [InlineData(nameof(ChainOptions.ReceiptTimeout))]
    [InlineData(nameof(ChainOptions.MaxRetries))]
    [InlineData(nameof(ChainOptions.Confirmations))]
    [InlineData(nameof(ChainOptions.GasMarginPercent))]
    [InlineData(nameof(ChainOptions.MaxNonceRetries))]
    public void Problems_OneBadSetting_OneProblemNamingIt(string setting)
    {
        var options = Valid();
        switch (setting)
        {
            case nameof(ChainOptions.RequestTimeout): options.RequestTimeout = TimeSpan.Zero; break;
            case nameof(ChainOptions.InitialBackoff): options.InitialBackoff = TimeSpan.FromSeconds(-1); options.MaxBackoff = TimeSpan.FromSeconds(1); break;
            case nameof(ChainOptions.MaxBackoff): options.MaxBackoff = TimeSpan.FromMilliseconds(100); options.InitialBackoff = TimeSpan.FromSeconds(1); break;
            case nameof(ChainOptions.ReceiptPollInterval): options.ReceiptPollInterval = TimeSpan.Zero; break;
            case nameof(ChainOptions.ReceiptTimeout): options.ReceiptTimeout = TimeSpan.FromSeconds(-5); break;
            case nameof(ChainOptions.MaxRetries): options.MaxRetries = -1; break;
            case nameof(ChainOptions.Confirmations): options.Confirmations = 0; break;
            case nameof(ChainOptions.GasMarginPercent): options.GasMarginPercent = 501; break;
            case nameof(ChainOptions.MaxNonceRetries): options.MaxNonceRetries = 11; break;
        }

        var problem = Assert.Single(options.Problems());

        Assert.StartsWith($"Chain:{setting}: ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureValid_SeveralBadSettings_ArgumentExceptionListingEach()
    {
        var options = new ChainOptions { RequestTimeout = TimeSpan.Zero, MaxRetries = 21 };

        var ex = Assert.Throws<ArgumentException>(options.EnsureValid);

        Assert.Contains("Chain:RpcUrl: is required.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Chain:RequestTimeout:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Chain:MaxRetries:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ChainClientRefusedNamingSettings()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ChainClient(new ChainOptions { RpcUrl = new Uri("ftp://node.test"), Confirmations = 0 }));

        Assert.Contains("Chain:RpcUrl:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Chain:Confirmations:", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Providers put API keys in the path or the query: the display keeps scheme, host and port and marks the cut.</summary>
    [Theory]
    [InlineData("http://127.0.0.1:8545", "http://127.0.0.1:8545")]
    [InlineData("http://127.0.0.1:8545/", "http://127.0.0.1:8545")]
    [InlineData("https://mainnet.example.test/v3/secret-api-key", "https://mainnet.example.test/…")]
    [InlineData("https://rpc.example.test:8443/?apikey=secret-api-key", "https://rpc.example.test:8443/…")]
    public void DisplayUrl_PathOrQuery_SchemeHostPortOnly(string url, string expected)
    {
        var options = new ChainOptions { RpcUrl = new Uri(url) };

        Assert.Equal(expected, options.DisplayUrl);
        using var client = new ChainClient(options);
        Assert.Equal(expected, client.Endpoint);
    }

    [Fact]
    public void AddChain_ValidOptions_SingletonClientAndSenderOverIt()
    {
        var services = new ServiceCollection();
        services.AddChain().Configure(o => o.RpcUrl = new Uri("http://127.0.0.1:18545/key"));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var client = provider.GetRequiredService<ChainClient>();
        var sender = provider.GetRequiredService<TransactionSender>();

        Assert.Same(client, provider.GetRequiredService<ChainClient>());
        Assert.Same(sender, provider.GetRequiredService<TransactionSender>());
        Assert.Same(client, sender.Chain);
        Assert.Equal("http://127.0.0.1:18545/…", client.Endpoint);
        Assert.NotNull(provider.GetRequiredService<AnvilClient>());
    }

    [Fact]
    public void AddChain_NoUrl_OptionsValidationNamesTheSetting()
    {
        var services = new ServiceCollection();
        services.AddChain().Configure(o => o.MaxRetries = 99);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ChainOptions>>().Value);

        Assert.Contains("Chain:RpcUrl: is required.", ex.Failures);
        Assert.Contains(ex.Failures, f => f.StartsWith("Chain:MaxRetries:", StringComparison.Ordinal));
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<ChainClient>());
    }

    /// <summary>ValidateOnStart: the host's start-up validation fails before anything asks for the client.</summary>
    [Fact]
    public void AddChain_NoUrl_StartupValidatorFails()
    {
        var services = new ServiceCollection();
        services.AddChain();
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Chain:RpcUrl: is required.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddChain_BoundFromConfiguration_SettingsApplied()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Chain:RpcUrl"] = "http://127.0.0.1:18545",
                ["Chain:RequestTimeout"] = "00:00:03",
                ["Chain:MaxRetries"] = "5",
                ["Chain:Confirmations"] = "2",
                ["Chain:GasMarginPercent"] = "0",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddChain().BindConfiguration(ChainOptions.SectionName);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<ChainClient>().Options;

        Assert.Equal(new Uri("http://127.0.0.1:18545"), options.RpcUrl);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(2, options.Confirmations);
        Assert.Equal(0, options.GasMarginPercent);
    }
}
