using Microsoft.Extensions.Logging;
using Session.Broadcast.Secrets;

namespace Session.Broadcast.Tests;

public class SecretMaskingTests
{
    [Fact]
    public void Log_lines_and_exceptions_never_show_a_registered_secret_even_url_encoded()
    {
        var masker = new SecretMasker();
        var key = new Secret("ab+c/d=9x");
        masker.Add(key);
        var text = new StringWriter();
        using (var logs = LoggerFactory.Create(b => b.AddProvider(new MaskedLoggerProvider(text, masker))))
        {
            var log = logs.CreateLogger("t");
            log.LogInformation("url rtmp://x/live/{Key} and {Escaped}", key.Reveal(), Uri.EscapeDataString(key.Reveal()));
            log.LogError(new IOException("cannot open rtmp://x/live/ab+c/d=9x"), "failed");
            log.LogInformation("object {Secret}", key);
        }
        var output = text.ToString();
        Assert.DoesNotContain("ab+c/d=9x", output);
        Assert.DoesNotContain(Uri.EscapeDataString("ab+c/d=9x"), output);
        Assert.Contains("rtmp://x/live/****", output);
        Assert.Contains("IOException", output);
        Assert.True(output.Split("****").Length - 1 >= 4, output);
    }

    [Fact]
    public void An_empty_secret_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Secret(" "));
    }
}
