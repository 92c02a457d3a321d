#include "accounts/secrets.hpp"

#include <sodium.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdint>
#include <stdexcept>

namespace advieslijn::accounts {

namespace {

void init_sodium() {
    static const bool ready = [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
        return true;
    }();
    (void)ready;
}

// A valid Argon2id string of a password nobody knows: verifying against it costs what a
// real verification costs, so an unknown user answers as slowly as a wrong password.
const std::string& dummy_hash() {
    static const std::string hash = [] {
        char out[crypto_pwhash_STRBYTES];
        const std::string pw = random_token(16);
        if (crypto_pwhash_str(out, pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
            throw std::runtime_error("argon2id: out of memory");
        return std::string(out);
    }();
    return hash;
}

// The Argon2id work, run on the hasher pool. Free coroutines taking their arguments by
// value: GCC 12 destroys the init-captures of a coroutine lambda twice.
asio::awaitable<std::string> argon2_hash(std::string password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        co_return std::string();  // out of memory
    co_return std::string(out);
}

asio::awaitable<bool> argon2_verify(std::string stored, std::string password) {
    const bool known = !stored.empty();
    const std::string& against = known ? stored : dummy_hash();
    co_return crypto_pwhash_str_verify(against.c_str(), password.data(), password.size()) == 0 &&
        known;
}

}  // namespace

std::string random_token(std::size_t bytes) {
    init_sodium();
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                    '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                      raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    sodium_memzero(raw.data(), raw.size());
    return out;
}

std::string sha256_hex(std::string_view s) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(s.data()), s.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

bool secrets_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string generate_password() {
    init_sodium();
    // No look-alikes (0/O, 1/l/I), so it can be read out over the phone.
    static constexpr std::string_view alphabet =
        "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string out;
    for (int i = 0; i < 20; ++i)
        out += alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
    return out;
}

PasswordHasher::PasswordHasher() {
    init_sodium();
}

PasswordHasher::~PasswordHasher() {
    pool_.stop();
    pool_.join();
}

asio::awaitable<std::string> PasswordHasher::hash(std::string password) {
    co_return co_await asio::co_spawn(pool_, argon2_hash(std::move(password)), asio::use_awaitable);
}

asio::awaitable<bool> PasswordHasher::verify(std::string stored, std::string password) {
    co_return co_await asio::co_spawn(pool_, argon2_verify(std::move(stored), std::move(password)),
                                      asio::use_awaitable);
}

}  // namespace advieslijn::accounts
