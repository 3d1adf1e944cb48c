using System.Numerics;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

namespace RiskGovernance.Chain.Tests.Contracts;

/// <summary>
/// The test contract of ChainProbe.sol (same folder), compiled with solc 0.8.37 (evmVersion cancun,
/// optimizer 200 runs), and its ABI as Nethereum messages. <c>store(13, …)</c> reverts with the
/// custom error NotAllowed(caller, 13); <c>store(7, …)</c> reverts with "seven is not allowed".
/// </summary>
public static class ChainProbeContract
{
    /// <summary>Creation bytecode (hex, no constructor arguments).</summary>
    public const string Bytecode = "0x"
        + "60a0604052348015600e575f5ffd5b506040516106df3803806106df833981016040819052602b916035565b336080525f55"
        + "604b565b5f602082840312156044575f5ffd5b5051919050565b6080516106766100695f395f818160b00152610228015261"
        + "06765ff3fe608060405234801561000f575f5ffd5b5060043610610060575f3560e01c80631626ba7e146100645780633fa4"
        + "f245146100955780638da5cb5b146100ab578063bf059673146100ea578063e1ff178a1461010c578063f88e9fbf14610121"
        + "575b5f5ffd5b610077610072366004610415565b610134565b6040516001600160e01b031990911681526020015b60405180"
        + "910390f35b61009d5f5481565b60405190815260200161008c565b6100d27f00000000000000000000000000000000000000"
        + "0000000000000000000000000081565b6040516001600160a01b03909116815260200161008c565b6100fd6100f836600461"
        + "045d565b610285565b60405161008c939291906104f8565b61011f61011a366004610415565b6102ff565b005b61009d6101"
        + "2f36600461053b565b6103bc565b5f6041821461014c57506001600160e01b031961027e565b5f61015a602082858761055b"
        + "565b61016391610582565b90505f61017460406020868861055b565b61017d91610582565b90505f85856040818110610193"
        + "5761019361059f565b919091013560f81c915050601b8110156101b5576101b2601b826105c7565b90505b604080515f8082"
        + "52602082018084528a905260ff841692820192909252606081018590526080810184905260019060a0016020604051602081"
        + "039080840390855afa158015610206573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b038116158015"
        + "9061025c57507f00000000000000000000000000000000000000000000000000000000000000006001600160a01b03168160"
        + "01600160a01b0316145b61026e576001600160e01b0319610277565b630b135d3f60e11b5b9450505050505b939250505056"
        + "5b604080516020601f840181900481028201810190925282815284916060915f9186908690819084018382808284375f9201"
        + "919091525092945050871591506102f190505786866102d66001826105e0565b8181106102e5576102e561059f565b905060"
        + "200201356102f3565b5f5b90509450945094915050565b82600d0361032e57604051638626cc0360e01b8152336004820152"
        + "602481018490526044015b60405180910390fd5b826007036103755760405162461bcd60e51b815260206004820152601460"
        + "24820152731cd95d995b881a5cc81b9bdd08185b1b1bddd95960621b6044820152606401610325565b5f8390556040518390"
        + "33907f1746da8bb29191d72160235494a0cf8c57a155580d02593e1f14f9a4ddd525f5906103af90869086906105f3565b60"
        + "405180910390a3505050565b5f6103c78284610621565b90505b92915050565b5f5f83601f8401126103e0575f5ffd5b5081"
        + "3567ffffffffffffffff8111156103f7575f5ffd5b60208301915083602082850101111561040e575f5ffd5b925092905056"
        + "5b5f5f5f60408486031215610427575f5ffd5b83359250602084013567ffffffffffffffff811115610444575f5ffd5b6104"
        + "50868287016103d0565b9497909650939450505050565b5f5f5f5f60408587031215610470575f5ffd5b843567ffffffffff"
        + "ffffff811115610486575f5ffd5b8501601f81018713610496575f5ffd5b803567ffffffffffffffff8111156104ac575f5f"
        + "fd5b8760208260051b84010111156104c0575f5ffd5b60209182019550935085013567ffffffffffffffff8111156104e057"
        + "5f5ffd5b6104ec878288016103d0565b95989497509550505050565b838152606060208201525f8351806060840152806020"
        + "8601608085015e5f608082850101526080601f19601f830116840101915050826040830152949350505050565b5f5f604083"
        + "8503121561054c575f5ffd5b50508035926020909101359150565b5f5f85851115610569575f5ffd5b83861115610575575f"
        + "5ffd5b5050820193919092039150565b803560208310156103ca575f19602084900360031b1b1692915050565b634e487b71"
        + "60e01b5f52603260045260245ffd5b634e487b7160e01b5f52601160045260245ffd5b60ff81811683821601908111156103"
        + "ca576103ca6105b3565b818103818111156103ca576103ca6105b3565b60208152816020820152818360408301375f818301"
        + "604090810191909152601f909201601f19160101919050565b5f8261063b57634e487b7160e01b5f52601260045260245ffd"
        + "5b50049056fea26469706673582212203f05136dae2102559592f79cbec1c628cd1724199ff37dc4aa0f14e31b1481606473"
        + "6f6c63430008250033";

    /// <summary>The ABI solc writes for ChainProbe (what <see cref="RevertDecoder"/> reads its errors from).</summary>
    public const string AbiJson = """
        [{"inputs":[{"internalType":"uint256","name":"initial","type":"uint256"}],"stateMutability":"nonpayable","type":"constructor"},{"inputs":[{"internalType":"address","name":"caller","type":"address"},{"internalType":"uint256","name":"code","type":"uint256"}],"name":"NotAllowed","type":"error"},{"anonymous":false,"inputs":[{"indexed":true,"internalType":"address","name":"by","type":"address"},{"indexed":true,"internalType":"uint256","name":"newValue","type":"uint256"},{"indexed":false,"internalType":"string","name":"note","type":"string"}],"name":"Stored","type":"event"},{"inputs":[{"internalType":"uint256","name":"a","type":"uint256"},{"internalType":"uint256","name":"b","type":"uint256"}],"name":"divide","outputs":[{"internalType":"uint256","name":"","type":"uint256"}],"stateMutability":"pure","type":"function"},{"inputs":[{"internalType":"bytes32[]","name":"items","type":"bytes32[]"},{"internalType":"string","name":"label","type":"string"}],"name":"echo","outputs":[{"internalType":"uint256","name":"count","type":"uint256"},{"internalType":"string","name":"echoed","type":"string"},{"internalType":"bytes32","name":"last","type":"bytes32"}],"stateMutability":"pure","type":"function"},{"inputs":[{"internalType":"bytes32","name":"hash","type":"bytes32"},{"internalType":"bytes","name":"signature","type":"bytes"}],"name":"isValidSignature","outputs":[{"internalType":"bytes4","name":"","type":"bytes4"}],"stateMutability":"view","type":"function"},{"inputs":[],"name":"owner","outputs":[{"internalType":"address","name":"","type":"address"}],"stateMutability":"view","type":"function"},{"inputs":[{"internalType":"uint256","name":"newValue","type":"uint256"},{"internalType":"string","name":"note","type":"string"}],"name":"store","outputs":[],"stateMutability":"nonpayable","type":"function"},{"inputs":[],"name":"value","outputs":[{"internalType":"uint256","name":"","type":"uint256"}],"stateMutability":"view","type":"function"}]
        """;

    /// <summary>The contract's custom errors, for naming reverts.</summary>
    public static RevertDecoder Errors { get; } = new(AbiJson);
}

#pragma warning disable CA1819 // DTOs mirror the ABI.

/// <summary>The constructor: <c>constructor(uint256 initial)</c>.</summary>
public sealed class ChainProbeDeployment : ContractDeploymentMessage
{
    public ChainProbeDeployment()
        : base(ChainProbeContract.Bytecode)
    {
    }

    [Parameter("uint256", "initial", 1)] public BigInteger Initial { get; set; }
}

/// <summary><c>store(uint256 newValue, string note)</c>: emits Stored; reverts for 13 (custom error) and 7 (reason string).</summary>
[Function("store")]
public sealed class StoreFunction : FunctionMessage
{
    [Parameter("uint256", "newValue", 1)] public BigInteger NewValue { get; set; }

    [Parameter("string", "note", 2)] public string Note { get; set; } = "";
}

/// <summary><c>value() view returns (uint256)</c>.</summary>
[Function("value", "uint256")]
public sealed class ValueFunction : FunctionMessage
{
}

/// <summary><c>owner() view returns (address)</c>.</summary>
[Function("owner", "address")]
public sealed class OwnerFunction : FunctionMessage
{
}
#pragma warning restore CA1819
