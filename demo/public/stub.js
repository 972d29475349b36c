window.ConfidencePulse=window.ConfidencePulse||function(){(ConfidencePulse.q=ConfidencePulse.q||[]).push(arguments)};
