#pragma once
// The gateway's names for the accounts library (accounts/): users, roles, sessions and login
// live there, free of HTTP. The gateway reads cookies, Bearer tokens and X-CSRF-Token,
// calls Accounts, and turns AuthError into responses (gateway/console_api.cpp).
#include "accounts/accounts.hpp"

namespace advieslijn::gateway {

using accounts::Accounts;
using accounts::AuthErrc;
using accounts::AuthError;
using accounts::LoginResult;
using accounts::Role;
using accounts::Session;
using accounts::User;

using accounts::check_password;
using accounts::check_username;
using accounts::generate_password;
using accounts::parse_role;
using accounts::secrets_equal;
using accounts::split_list;
using accounts::to_string;

}  // namespace advieslijn::gateway
