using Microsoft.Extensions.Options;
using RiskGovernance.Primitives;
using RiskGovernance.Chain;
using RiskGovernance.Engine.Validation;
using RiskGovernance.Governance;
using RiskGovernance.Web.Infrastructure;

namespace RiskGovernance.Web.Identity.Siwe;

/// <summary>
/// Builds sign-in challenges and verifies signed EIP-4361 messages on the server: the domain and
/// URI are the configured public origin (Portal:PublicOrigin; never the request's Host), the chain id is Governance:ChainId, the nonce was issued here, is unexpired
/// and used once, the message has not expired (by the injected <see cref="TimeProvider"/>), and
/// the EIP-191 personal_sign signature (v 27/28/0/1, low s) recovers to the message's address.
/// Every refusal is an <see cref="InputValidationException"/> naming the field.
/// </summary>
public sealed class SiweVerifier(IOptions<GovernanceRulesOptions> rules, IOptions<PortalOptions> portal, SiweNonceStore nonces, TimeProvider time)
{
    private readonly PublicOrigin _origin = portal.Value.Origin;

    /// <summary>The statement of the portal's sign-in messages.</summary>
    public const string Statement = "Sign in to the RiskGovernance portal. This signature costs nothing and sends no transaction.";

    /// <summary>Tolerated clock difference for an issued-at time slightly in the future.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>The public origin the messages name.</summary>
    public PublicOrigin Origin => _origin;

    /// <summary>
    /// A fresh challenge for <paramref name="address"/> on the public origin, with a new nonce; the
    /// message expires with the nonce. <paramref name="member"/>: the address is on the committee
    /// (its challenge is counted apart, see <see cref="SiweNonceStore"/>).
    /// </summary>
    /// <exception cref="SignInBusyException">Too many visitors' sign-ins are in progress.</exception>
    public SiweMessage CreateChallenge(Address address, bool member = false)
    {
        if (address.IsZero)
        {
            throw new InputValidationException("address", "must not be the zero address");
        }

        var (nonce, issuedAt, expiresAt) = nonces.Issue(address, member);
        return new SiweMessage(_origin.Authority, address, Statement, _origin.Uri, rules.Value.ChainId, nonce, issuedAt, expiresAt);
    }

    /// <summary>
    /// Verifies <paramref name="messageText"/> signed with <paramref name="signatureHex"/> for this
    /// portal (its public origin), consumes its nonce and returns the message.
    /// Nothing is consumed when a check fails.
    /// </summary>
    public SiweMessage Verify(string? messageText, string? signatureHex)
    {
        var requestDomain = _origin.Authority;
        var message = SiweMessage.Parse(messageText);
        var signature = ParseSignature(signatureHex);

        if (!string.Equals(message.Domain, requestDomain, StringComparison.OrdinalIgnoreCase))
        {
            throw new InputValidationException("siwe.domain", $"the message is for '{message.Domain}', but this server is '{requestDomain}'");
        }

        if (!System.Uri.TryCreate(message.Uri, UriKind.Absolute, out var uri)
            || !_origin.MatchesOrigin(uri.GetLeftPart(UriPartial.Authority)))
        {
            throw new InputValidationException("siwe.uri", $"'{message.Uri}' is not on this server ('{_origin.Origin}')");
        }

        if (message.ChainId != rules.Value.ChainId)
        {
            throw new InputValidationException("siwe.chainId", $"the message is for chain {message.ChainId}, but this portal governs chain {rules.Value.ChainId}");
        }

        var now = time.GetUtcNow();
        if (message.ExpirationTime is not { } expires)
        {
            throw new InputValidationException("siwe.expirationTime", "is required (sign the challenge this server issued)");
        }

        if (expires <= now)
        {
            throw new InputValidationException("siwe.expirationTime", $"the message expired at {SiweMessage.FormatTime(expires)}; ask for a new challenge");
        }

        if (message.NotBefore is { } notBefore && notBefore > now)
        {
            throw new InputValidationException("siwe.notBefore", $"the message is not valid before {SiweMessage.FormatTime(notBefore)}");
        }

        if (message.IssuedAt > now + ClockSkew)
        {
            throw new InputValidationException("siwe.issuedAt", $"{SiweMessage.FormatTime(message.IssuedAt)} is in the future");
        }

        var (status, issuedFor) = nonces.Check(message.Nonce);
        ThrowUnlessValid(status);
        if (issuedFor is { } owner && owner != message.Address)
        {
            throw new InputValidationException("siwe.address", $"the challenge was issued for {owner}, not {message.Address}");
        }

        var signer = MessageSignatures.RecoverSigner(messageText!, signature)
                     ?? throw new InputValidationException("siwe.signature", "no account recovers from this signature");

        if (signer != message.Address)
        {
            throw new InputValidationException("siwe.signature", $"was made by {signer}, not by {message.Address}");
        }

        ThrowUnlessValid(nonces.Consume(message.Nonce));
        return message;
    }

    private static EcdsaSignature ParseSignature(string? signatureHex)
    {
        if (string.IsNullOrWhiteSpace(signatureHex))
        {
            throw new InputValidationException("siwe.signature", "is missing");
        }

        EcdsaSignature signature;
        try
        {
            signature = EcdsaSignature.Parse(signatureHex.Trim(), "siwe.signature");
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new InputValidationException("siwe.signature", "must be 0x followed by 65 bytes (r, s, v with v 27, 28, 0 or 1) in hex");
        }

        return signature.IsLowS
            ? signature
            : throw new InputValidationException("siwe.signature", "s is in the upper half of the curve order (EIP-2 forbids such signatures)");
    }

    private static void ThrowUnlessValid(SiweNonceStatus status)
    {
        switch (status)
        {
            case SiweNonceStatus.Valid:
                return;
            case SiweNonceStatus.Used:
                throw new InputValidationException("siwe.nonce", "was already used; ask for a new challenge");
            case SiweNonceStatus.Expired:
                throw new InputValidationException("siwe.nonce", "the challenge expired; ask for a new one");
            default:
                throw new InputValidationException("siwe.nonce", "was not issued by this server (or was issued before a restart, or a newer challenge for this address replaced it); ask for a new challenge");
        }
    }
}
