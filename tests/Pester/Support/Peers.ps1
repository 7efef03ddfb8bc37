# Dot-sourced by Pester files that start real peers on 127.0.0.1 (openssl ocsp, slapd, an http server):
# a free port, and waiting until a peer answers.

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

# An HTTP answer, not a bare connect: OpenSSL 3.0's responder spins forever on a connection that sends nothing.
function Wait-Http([int] $Port) {
    $deadline = [datetime]::UtcNow.AddSeconds(20)
    while ([datetime]::UtcNow -lt $deadline) {
        try {
            $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Port)
            try {
                $stream = $client.GetStream()
                $probe = [System.Text.Encoding]::ASCII.GetBytes("GET / HTTP/1.0`r`n`r`n")
                $stream.Write($probe, 0, $probe.Length)
                if ($stream.Read([byte[]]::new(1024), 0, 1024) -gt 0) { return }
            } finally { $client.Dispose() }
        } catch { Start-Sleep -Milliseconds 100 }
    }
    throw "Nothing answered HTTP on 127.0.0.1:$Port."
}

function Wait-Listening([int] $Port) {
    $deadline = [datetime]::UtcNow.AddSeconds(20)
    while ([datetime]::UtcNow -lt $deadline) {
        try { [System.Net.Sockets.TcpClient]::new('127.0.0.1', $Port).Dispose(); return } catch { Start-Sleep -Milliseconds 100 }
    }
    throw "Nothing listens on 127.0.0.1:$Port."
}
