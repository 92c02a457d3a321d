#pragma once
// The accounts data model in Redis: every key, from one prefix ("acct:{line}:" in production,
// unique per test). See docs/consoles.md. Accounts belong to the deployment, not to a tenant
// (a user may work for several); the one hash tag {line} keeps them, and so every accounts
// script's keys, in one Redis Cluster slot.
//   <p>users                         set of usernames
//   <p>user:<username>               hash: name, role, tenants, pw, disabled, created_at
//   <p>user_sessions:<username>      set of that user's session keys
//   <p>session:<sha256(token)>       hash: user, csrf, seen, ends (ms); idle expiry as TTL
//   <p>login:user:<username>:<n>     login attempts on the account in window n
//   <p>login:addr:<address>:<n>      login attempts from one address in window n
#include <string>
#include <string_view>

namespace advieslijn::accounts {

struct Keys {
    std::string prefix = "acct:{line}:";
    // Where users were kept before the hash tag ("acct:" in production; empty: nothing to
    // move). Accounts moves them over once (Accounts::move_legacy_users).
    std::string legacy_prefix;

    static Keys production() { return {"acct:{line}:", "acct:"}; }

    std::string users() const { return prefix + "users"; }
    std::string user_prefix() const { return prefix + "user:"; }
    std::string user(std::string_view u) const { return user_prefix() + std::string(u); }
    std::string user_sessions(std::string_view u) const {
        return prefix + "user_sessions:" + std::string(u);
    }
    std::string session(std::string_view token_hash) const {
        return prefix + "session:" + std::string(token_hash);
    }
    // Rate counter bases; the window's number is appended (RateWindow::key).
    std::string login_user(std::string_view u) const {
        return prefix + "login:user:" + std::string(u);
    }
    std::string login_addr(std::string_view a) const {
        return prefix + "login:addr:" + std::string(a);
    }
};

}  // namespace advieslijn::accounts
