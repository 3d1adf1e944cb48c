using RiskGovernance.Chain.Encoding;

namespace RiskGovernance.Chain.Abi;

/// <summary>
/// A contract event: topic 0 (keccak of the canonical signature), topic encoding for filters, and
/// log decoding. Parse from <c>"Transfer(address indexed from, address indexed to, uint256 value)"</c>.
/// </summary>
public sealed class AbiEvent
{
    /// <summary>Creates an event from its parts.</summary>
    public AbiEvent(string name, IReadOnlyList<AbiParameter> parameters)
    {
        Name = Preconditions.NotBlank(name, nameof(name));
        Parameters = [.. Preconditions.NotNull(parameters, nameof(parameters))];
        if (Parameters.Count(p => p.Indexed) > 3)
        {
            throw new ArgumentException("parameters: an event has at most 3 indexed parameters.", nameof(parameters));
        }

        Signature = Name + "(" + string.Join(",", Parameters.Select(p => p.Type.CanonicalName)) + ")";
        Topic0 = Hash32.Keccak(Signature);
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The parameters in declaration order.</summary>
    public IReadOnlyList<AbiParameter> Parameters { get; }

    /// <summary>The canonical signature.</summary>
    public string Signature { get; }

    /// <summary>keccak(signature): the first topic of every log of this event.</summary>
    public Hash32 Topic0 { get; }

    /// <summary>Parses a human-readable event signature (an optional leading <c>event</c> keyword is allowed).</summary>
    public static AbiEvent Parse(string signature, string paramName = "signature")
    {
        var (name, inputs, _) = AbiSignatureParser.Parse(signature, "event", paramName);
        return new AbiEvent(name, inputs);
    }

    /// <summary>
    /// The topic for an indexed value: the 32-byte encoding of a static value, or keccak of the
    /// encoding for string/bytes (and keccak of the ABI encoding for arrays and tuples).
    /// </summary>
    public static Hash32 EncodeTopic(AbiType type, object? value)
    {
        Preconditions.NotNull(type, nameof(type));
        if (!type.IsDynamic && type is not (AbiArrayType or AbiTupleType))
        {
            return Hash32.FromBytes(type.EncodeValue(value, nameof(value)));
        }

        return type switch
        {
            AbiStringType => Hash32.Keccak(System.Text.Encoding.UTF8.GetBytes(value as string ?? throw AbiType.Mismatch(nameof(value), "a string", value))),
            AbiBytesType => Hash32.Keccak(value switch
            {
                byte[] b => b,
                string s => Hex.Decode(s, nameof(value)),
                _ => throw AbiType.Mismatch(nameof(value), "bytes", value),
            }),
            _ => Hash32.Keccak(type.EncodeValue(value, nameof(value))),
        };
    }

    /// <summary>True when the log's first topic is this event's.</summary>
    public bool Matches(IReadOnlyList<Hash32> topics)
        => Preconditions.NotNull(topics, nameof(topics)).Count > 0 && topics[0] == Topic0;

    /// <summary>
    /// Decodes a log into the parameter values in declaration order. Indexed static values are
    /// decoded from their topics; indexed dynamic values come back as their <see cref="Hash32"/> topic.
    /// </summary>
    public AbiValues Decode(IReadOnlyList<Hash32> topics, ReadOnlySpan<byte> data)
    {
        Preconditions.NotNull(topics, nameof(topics));
        var indexed = Parameters.Where(p => p.Indexed).ToList();
        if (!Matches(topics))
        {
            throw new FormatException($"Log topic 0 is not the topic of {Signature}.");
        }

        if (topics.Count != indexed.Count + 1)
        {
            throw new FormatException($"{Signature} has {indexed.Count} indexed parameters, the log has {topics.Count - 1} topics.");
        }

        var dataValues = AbiCodec.DecodeSequence([.. Parameters.Where(p => !p.Indexed).Select(p => p.Type)], data, 0, "data");
        var result = new object?[Parameters.Count];
        var topicIndex = 1;
        var dataIndex = 0;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var parameter = Parameters[i];
            if (parameter.Indexed)
            {
                var topic = topics[topicIndex++];
                result[i] = parameter.Type.IsDynamic || parameter.Type is AbiArrayType or AbiTupleType
                    ? topic
                    : parameter.Type.DecodeValue(topic.ToBytes(), 0, parameter.Name);
            }
            else
            {
                result[i] = dataValues[dataIndex++];
            }
        }

        return new AbiValues(result, [.. Parameters.Select(p => p.Name)]);
    }

    /// <inheritdoc/>
    public override string ToString() => Signature;
}
