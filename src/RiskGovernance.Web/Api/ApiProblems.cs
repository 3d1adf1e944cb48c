using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using RiskGovernance.Web.Infrastructure;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Web.Api;

/// <summary>
/// The JSON problem bodies (RFC 9457) of the portal's endpoints: a refusal names the field in
/// <c>detail</c> ("siwe.nonce: was already used") and in <c>errors</c> ({"siwe.nonce": ["..."]}).
/// </summary>
public static class ApiProblems
{
    /// <summary>Largest JSON body the sign-in endpoints read.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>400 with every field-named error.</summary>
    public static IResult Validation(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var byField = errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return Results.ValidationProblem(byField, detail: string.Join("; ", errors.Select(e => e.ToString())),
            title: "The request was refused.");
    }

    /// <summary>400 naming one field.</summary>
    public static IResult Validation(string field, string message) => Validation([new ValidationError(field, message)]);

    /// <summary>A problem with a status, a title and a detail.</summary>
    public static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null)
        => Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>
    /// Reads a JSON body of <typeparamref name="T"/>, at most Portal:Limits:MaxJsonBodyBytes
    /// (<see cref="MaxBodyBytes"/> by default) whatever its framing: the server's body limit is set to
    /// it and no more is read, so a larger body, chunked or not, is a 413 naming "body" after at most
    /// that many bytes. A body that is not JSON (or not an object of that shape) is a 400 naming
    /// "body"; a field <typeparamref name="T"/> does not have, or a field given twice, is a 400 naming that field.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!PortalRequests.IsJson(request))
        {
            return (null, UnsupportedMediaType());
        }

        var limit = request.HttpContext.RequestServices.GetService<IOptions<PortalLimitsOptions>>()?.Value.MaxJsonBodyBytes ?? MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return (null, BodyTooLarge(limit));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size
            && (size.MaxRequestBodySize is null || size.MaxRequestBodySize > limit))
        {
            size.MaxRequestBodySize = limit;
        }

        byte[]? bytes;
        try
        {
            bytes = await ReadAtMostAsync(request.Body, limit, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            bytes = null;
        }

        if (bytes is null)
        {
            return (null, BodyTooLarge(limit));
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Validation("body", "must be a JSON object"));
            }

            var fields = FieldsOf<T>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var name = property.Name.Length > 64 ? property.Name[..64] + "..." : property.Name;
                if (!fields.Contains(property.Name))
                {
                    return (null, Validation(name, $"is not a field of this request (its fields: {string.Join(", ", fields.Order(StringComparer.Ordinal))})"));
                }

                if (!seen.Add(property.Name))
                {
                    return (null, Validation(name, "appears more than once"));
                }
            }

            var value = document.RootElement.Deserialize<T>(JsonSerializerOptions.Web);
            return value is null ? (null, Validation("body", "must be a JSON object")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Validation("body", $"is not valid JSON for this endpoint ({e.Path ?? "$"})"));
        }
    }

    private static IResult BodyTooLarge(long limit)
        => Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"body: larger than {limit / 1024} KiB.");

    /// <summary>The JSON names (camelCase, as <see cref="JsonSerializerOptions.Web"/> writes them) of <typeparamref name="T"/>'s public properties.</summary>
    private static HashSet<string> FieldsOf<T>()
        => typeof(T).GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The whole body when it holds at most <paramref name="limit"/> bytes; null (having read no more than limit + 1) otherwise.</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(limit + 1, 16 * 1024)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > limit)
                {
                    return null;
                }

                Array.Resize(ref buffer, Math.Min(limit + 1, buffer.Length * 2));
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return buffer[..length];
            }

            length += read;
            if (length > limit)
            {
                return null;
            }
        }
    }

    /// <summary>The message of an argument exception without the field prefix and the "(Parameter ...)" suffix.</summary>
    public static string MessageOf(ArgumentException exception, string field)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception.Message;
        var suffix = $" (Parameter '{exception.ParamName}')";
        if (exception.ParamName is not null && text.EndsWith(suffix, StringComparison.Ordinal))
        {
            text = text[..^suffix.Length];
        }

        return text.StartsWith(field + ": ", StringComparison.Ordinal) ? text[(field.Length + 2)..] : text;
    }

    /// <summary>415: the endpoint only takes "Content-Type: application/json".</summary>
    public static IResult UnsupportedMediaType()
        => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
            "Content-Type: this endpoint only accepts application/json (a cross-site form cannot send it, which is part of the CSRF protection).");
}

/// <summary>Request checks shared by the portal's endpoints.</summary>
public static class PortalRequests
{
    /// <summary>True when the request's Content-Type is application/json (any charset).</summary>
    public static bool IsJson(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentType is { } type
               && type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
