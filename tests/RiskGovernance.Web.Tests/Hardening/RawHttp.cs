using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace RiskGovernance.Web.Tests.Hardening;

/// <summary>An HTTP/1.1 answer as read off the socket.</summary>
/// <param name="Status">Status code.</param>
/// <param name="Headers">Header lines (name: value), names lower-cased.</param>
/// <param name="Body">The body (de-chunked).</param>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? ContentType => Headers.TryGetValue("content-type", out var v) ? v.Split(';')[0].Trim() : null;
}

/// <summary>
/// Requests written on a raw socket, as an attacker writes them: a chunked body of any size, sent
/// while the answer is read at the same time (the server may answer, and close, long before the
/// body ends), or a request line of any length.
/// </summary>
internal static class RawHttp
{
    /// <summary>POSTs <paramref name="totalBytes"/> of chunked body (<paramref name="prefix"/>, then 'a's) to <paramref name="path"/>.</summary>
    public static async Task<RawResponse> PostChunkedAsync(Uri server, string path, string contentType, string prefix, long totalBytes)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var answered = new TaskCompletionSource();
        var reading = ReadToEndAsync(stream, answered);

        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'a');
        var first = Encoding.ASCII.GetBytes(prefix);
        first.CopyTo(chunk, 0);
        long sent = 0;
        try
        {
            while (sent < totalBytes && !answered.Task.IsCompleted)
            {
                var length = (int)Math.Min(chunk.Length, totalBytes - sent);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
                await stream.WriteAsync(chunk.AsMemory(0, length));
                await stream.WriteAsync("\r\n"u8.ToArray());
                sent += length;
                if (sent == length)
                {
                    Array.Fill(chunk, (byte)'a', 0, first.Length);
                }
            }

            if (!answered.Task.IsCompleted)
            {
                await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
        }
        catch (IOException)
        {
            // The server stopped reading and closed: its answer is what counts.
        }

        return Parse(await reading);
    }

    /// <summary>GETs <paramref name="target"/> (written as is on the request line).</summary>
    public static async Task<RawResponse> GetAsync(Uri server, string target, string accept = "application/json")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"));
        return Parse(await ReadToEndAsync(stream, new TaskCompletionSource()));
    }

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream, TaskCompletionSource answered)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
                answered.TrySetResult();
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // Reset after the answer.
        }

        answered.TrySetResult();
        return received.ToArray();
    }

    private static RawResponse Parse(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no HTTP answer: '{text}'");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2))
            .GroupBy(p => p[0].Trim().ToLowerInvariant())
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(p => p[1].Trim())), StringComparer.Ordinal);
        var body = text[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var plain = new StringBuilder();
            var at = 0;
            while (at < body.Length)
            {
                var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
                var size = int.Parse(body[at..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    break;
                }

                plain.Append(body, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }

            body = plain.ToString();
        }

        return new RawResponse(status, headers, body);
    }
}
