#pragma once
// Passwords and tokens, with libsodium.
//
// Passwords are Argon2id strings (crypto_pwhash_str), hashed and verified on a worker thread:
// a hash costs tens of milliseconds and 64 MiB, which must not stall an I/O thread. Session
// and CSRF tokens are 32 random bytes; Redis only ever sees a session token's SHA-256, so a
// copy of the database does not hand out live sessions.
#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <string>
#include <string_view>

namespace advieslijn::accounts {

namespace asio = boost::asio;

// `bytes` random bytes as unpadded URL-safe base64.
std::string random_token(std::size_t bytes);
std::string sha256_hex(std::string_view s);
// Constant-time comparison of two secrets (CSRF tokens); false when either is empty.
bool secrets_equal(std::string_view a, std::string_view b);
// A random password for `user add --generate` (20 characters, ~119 bits).
std::string generate_password();

// Argon2id on one worker thread: one at a time bounds memory to 64 MiB, and logins queue
// rather than stall requests.
class PasswordHasher {
  public:
    PasswordHasher();
    ~PasswordHasher();
    PasswordHasher(const PasswordHasher&) = delete;
    PasswordHasher& operator=(const PasswordHasher&) = delete;

    // The Argon2id string; empty when it ran out of memory.
    asio::awaitable<std::string> hash(std::string password);
    // Whether `password` matches `stored`; an empty `stored` is verified against a dummy
    // hash, so an unknown user costs what a wrong password costs and answers false.
    asio::awaitable<bool> verify(std::string stored, std::string password);
    void stop() { pool_.stop(); }

  private:
    asio::thread_pool pool_{1};
};

}  // namespace advieslijn::accounts
