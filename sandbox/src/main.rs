//! `smile-sandbox`: parses the command line, starts both servers and runs until stopped.

use clap::Parser;
use smile_sandbox::Config;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let config = Config::parse();
    if !config.dist.join("index.html").is_file() {
        eprintln!(
            "warning: {} has no built widget (index.html); the API works, the widget pages will not. Run `make build`.",
            config.dist.display()
        );
    }
    let (key, secret) = (config.api_key.clone(), config.api_secret.clone());
    let sandbox = match smile_sandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot start the sandbox: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let api = format!("http://127.0.0.1:{}", sandbox.api_addr.port());
    println!("smile-sandbox is running");
    println!("  link API:  {api}/v1");
    println!("  Open API:  {api}/open/v1  (HTTP Basic {key}:{secret}): users, tokens, data, webhooks");
    if let Some(w) = &sandbox.webhook {
        println!("  webhooks:  {} ({})", w.url, w.id);
    }
    println!("  widget:    {api}/smile.v2.js");
    println!("  demo page: http://localhost:{}/", sandbox.demo_addr.port());
    shutdown_signal().await;
    sandbox.stop().await;
    std::process::ExitCode::SUCCESS
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return ctrl_c.await.unwrap_or(()),
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
