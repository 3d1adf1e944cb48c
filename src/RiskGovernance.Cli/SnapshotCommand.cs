using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Json;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Primitives;

namespace RiskGovernance.Cli;

/// <summary>
/// <c>riskgov snapshot publish --book B --market M --portal URL</c>: checks the two files with the
/// engine's readers (every problem named by its field, before the portal is contacted), signs in to
/// the portal with Sign-In with Ethereum (POST /auth/challenge, personal_sign with the key of the
/// RISKGOV_SIGNER_KEY environment variable, or of --key-env NAME; POST /auth/login), then POSTs the
/// snapshot to /api/snapshots. The portal's answer (with the stored hashes) goes to stdout.
/// </summary>
internal static class SnapshotCommand
{
    /// <summary>How long the whole exchange with the portal may take.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private static readonly ImmutableArray<string> PublishOptions = ["book", "market", "portal", "key-env"];

    public static int Run(string[] args, CommandOutput stdout, TextWriter stderr, CancellationToken ct)
    {
        if (args.Length == 0)
        {
            throw new UsageException("'riskgov snapshot' needs a command: publish");
        }
        if (args[0] is "--help" or "-h")
        {
            stdout.Write(HelpText.Snapshot);
            return ExitCodes.Success;
        }
        if (args[0] != "publish")
        {
            throw new UsageException($"unknown command 'snapshot {args[0]}' (snapshot publish)");
        }
        var o = CommandOptions.Parse("snapshot publish", args.AsSpan(1).ToArray(), PublishOptions);
        if (o.Help)
        {
            stdout.Write(HelpText.Snapshot);
            return ExitCodes.Success;
        }
        return PublishAsync(o, stdout, stderr, ct).GetAwaiter().GetResult();
    }

    private static async Task<int> PublishAsync(CommandOptions o, CommandOutput stdout, TextWriter stderr, CancellationToken ct)
    {
        var bookPath = o.Required("book");
        var marketPath = o.Required("market");
        var portal = PortalUrl(o.Required("portal"));
        var keyVariable = o.Optional("key-env") ?? SigningKey.DefaultEnvironmentVariable;
        InputFiles.RequireExisting(("book", bookPath), ("market", marketPath));
        var key = Signer(keyVariable);

        var files = new InputFiles();
        var market = files.Market(marketPath);
        var book = files.Book(bookPath);
        files.ThrowIfAny();
        if (book!.Accounts.Count == 0)
        {
            throw new InputValidationException("book.accounts", "must hold at least one account");
        }

        // What is sent is the compact JSON the portal stores and hashes: the hashes can be checked here.
        var marketJson = MarketSnapshotJson.ToUtf8Bytes(market!, indented: false);
        var bookJson = BookJson.ToUtf8Bytes(book, indented: false);
        var marketHash = Hash32.Keccak(marketJson);
        var bookHash = Hash32.Keccak(bookJson);
        var body = new MemoryStream(marketJson.Length + bookJson.Length + 32);
        body.Write("{\"market\":"u8);
        body.Write(marketJson);
        body.Write(",\"book\":"u8);
        body.Write(bookJson);
        body.Write("}"u8);

        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = portal, Timeout = Timeout };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            using var challenge = await PostJsonAsync(http, "auth/challenge", JsonSerializer.SerializeToUtf8Bytes(new { address = key.Address.ToString() }), ct);
            if (await RefusalAsync(challenge, "sign-in challenge", stderr, ct) is { } refusedChallenge)
            {
                return refusedChallenge;
            }
            var message = (await ReadJsonAsync(challenge, ct)).GetProperty("message").GetString()
                          ?? throw new InvalidOperationException("the portal's challenge holds no message");
            var signature = key.SignPersonalMessage(message).ToString();
            using var login = await PostJsonAsync(http, "auth/login", JsonSerializer.SerializeToUtf8Bytes(new { message, signature }), ct);
            if (await RefusalAsync(login, "sign-in", stderr, ct) is { } refusedLogin)
            {
                return refusedLogin;
            }

            using var published = await PostJsonAsync(http, "api/snapshots", body.ToArray(), ct);
            if (await RefusalAsync(published, "publish", stderr, ct) is { } refusedPublish)
            {
                return refusedPublish;
            }

            var text = await published.Content.ReadAsStringAsync(ct);
            using var answer = JsonDocument.Parse(text);
            var storedBook = answer.RootElement.GetProperty("bookHash").GetString();
            var storedMarket = answer.RootElement.GetProperty("marketHash").GetString();
            stdout.WriteLine(text);
            if (!string.Equals(storedBook, bookHash.ToString(), StringComparison.OrdinalIgnoreCase)
                || !string.Equals(storedMarket, marketHash.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                stderr.WriteLine($"riskgov: the portal stored hashes (book {storedBook}, market {storedMarket}) other than those of the files sent "
                                 + $"(book {bookHash}, market {marketHash})");
                return ExitCodes.UnexpectedFailure;
            }

            stderr.WriteLine($"riskgov: snapshot published to {portal} by {key.Address}: {book.Accounts.Count} accounts as of "
                             + $"{market!.AsOf:yyyy-MM-dd}; book {bookHash}, market {marketHash}; it is now the portal's current snapshot");
            return ExitCodes.Success;
        }
        catch (HttpRequestException ex)
        {
            stderr.WriteLine($"riskgov: --portal: {portal} did not answer: {OneLine(ex.Message)}; nothing was published");
            return ExitCodes.UnexpectedFailure;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            stderr.WriteLine($"riskgov: --portal: {portal} did not answer within {Timeout.TotalMinutes} minutes; check the portal's snapshot list before publishing again");
            return ExitCodes.UnexpectedFailure;
        }
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string path, byte[] json, CancellationToken ct)
    {
        using var content = new ByteArrayContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await http.PostAsync(new Uri(path, UriKind.Relative), content, ct);
    }

    /// <summary>
    /// Null when <paramref name="response"/> succeeded; otherwise writes the portal's problem (one
    /// line per field in error) and returns the exit code: 2 for a refusal of the request (4xx:
    /// invalid snapshot, not a publisher, not signed in, too large), 1 for a failure of the portal (5xx).
    /// </summary>
    private static async Task<int?> RefusalAsync(HttpResponseMessage response, string step, TextWriter stderr, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(ct);
        var lines = new List<string>();
        try
        {
            using var problem = JsonDocument.Parse(text);
            var root = problem.RootElement;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    foreach (var message in field.Value.EnumerateArray())
                    {
                        lines.Add($"{field.Name}: {message.GetString()}");
                    }
                }
            }

            if (lines.Count == 0 && root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                lines.Add(detail.GetString()!);
            }
        }
        catch (JsonException)
        {
            // Not a problem document: the status says it.
        }

        if (lines.Count == 0)
        {
            lines.Add($"{step}: the portal answered {status} {response.ReasonPhrase}");
        }

        foreach (var line in lines)
        {
            stderr.WriteLine(OneLine(line));
        }

        stderr.WriteLine($"riskgov: the portal refused the {step} ({status} {response.ReasonPhrase}); nothing was published");
        return status is >= 400 and < 500 ? ExitCodes.InvalidInput : ExitCodes.UnexpectedFailure;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return document.RootElement.Clone();
    }

    private static Uri PortalUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new UsageException($"--portal: '{text}' is not the portal's http(s) origin (e.g. https://portal.example.org)");
        }
        return uri;
    }

    private static SigningKey Signer(string variable)
    {
        try
        {
            return SigningKey.FromEnvironment(variable);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            var message = ex is ArgumentException { ParamName: { } name } a
                ? a.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
                : ex.Message;
            throw new UsageException($"no signing key: set {variable} to the data publisher's 0x-prefixed private key ({OneLine(message)})");
        }
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
