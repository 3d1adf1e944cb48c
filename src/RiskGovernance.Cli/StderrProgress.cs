using RiskGovernance.Engine;

namespace RiskGovernance.Cli;

/// <summary>Shows the progress of a long run on one stderr line (only used when stderr is a
/// terminal). Reports arrive from worker threads; at most one line update per whole percent.</summary>
internal sealed class StderrProgress(TextWriter stderr) : IProgress<MarginProgress>, IDisposable
{
    private readonly Lock _gate = new();
    private string _stage = string.Empty;
    private int _percent = -1;
    private bool _written;

    public void Report(MarginProgress value)
    {
        var percent = (int)Math.Clamp(value.Fraction * 100, 0, 100);
        lock (_gate)
        {
            if (percent == _percent && value.Stage == _stage)
            {
                return;
            }
            _percent = percent;
            _stage = value.Stage;
            stderr.Write($"\r{value.Stage} {percent,3}%   ");
            stderr.Flush();
            _written = true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_written)
            {
                stderr.Write("\r" + new string(' ', _stage.Length + 8) + "\r");
                stderr.Flush();
            }
        }
    }
}
