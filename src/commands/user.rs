//! `lantu user add|list|token`: staff accounts of the web app, from the command line.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, Result};
use clap::Subcommand;
use lantu_store::Role;

#[derive(Subcommand)]
pub enum Command {
    /// Create a user. The password is read from LANTU_PASSWORD, else asked for.
    ///
    /// Example: lantu user add 张三 --role unit --unit 统计局
    Add {
        name: String,
        /// admin, editor, unit or viewer.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// The unit (责任单位) of a `unit` user.
        #[arg(long)]
        unit: Option<String>,
    },
    /// List users.
    List,
    /// Issue an API token for a user (shown once; only its hash is kept).
    Token {
        name: String,
        #[arg(long, default_value = "cli")]
        label: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| "expected admin, editor, unit or viewer".to_string())
}

pub fn run(db: &str, command: &Command) -> Result<()> {
    let mut store = super::open_store(db)?;
    match command {
        Command::Add { name, role, unit } => {
            let password = password()?;
            if password.chars().count() < 8 {
                anyhow::bail!("the password must have at least 8 characters");
            }
            let hash = lantu_web::auth::hash_password(&password).map_err(anyhow::Error::msg)?;
            let id = store.add_user(name, *role, unit.as_deref(), &hash)?;
            println!("user {name} ({}) created, id {id}", role.as_str());
        }
        Command::List => {
            let mut rows = vec![vec!["id".to_string(), "name".into(), "role".into(), "unit".into()]];
            for u in store.users()? {
                rows.push(vec![u.id.to_string(), u.name, u.role.as_str().into(), u.unit.unwrap_or_default()]);
            }
            print!("{}", super::table(&rows));
        }
        Command::Token { name, label } => {
            let user = store.user_by_name(name)?.with_context(|| format!("no user {name}"))?;
            let token = lantu_web::auth::random_token();
            store.add_api_token(user.id, &lantu_web::auth::token_sha256(&token), label)?;
            println!("{token}");
        }
    }
    Ok(())
}

/// LANTU_PASSWORD, else a line from stdin (echo turned off on a terminal).
fn password() -> Result<String> {
    if let Ok(p) = std::env::var("LANTU_PASSWORD") {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    if terminal {
        eprint!("password: ");
        let _ = std::io::stderr().flush();
        let _ = std::process::Command::new("stty").arg("-echo").status();
    }
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    if terminal {
        let _ = std::process::Command::new("stty").arg("echo").status();
        eprintln!();
    }
    read.context("reading the password")?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}
