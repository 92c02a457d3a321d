// Tokens, digests, constant-time comparison and the Argon2id hasher (on its worker thread).
#include "accounts/secrets.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <set>

using namespace advieslijn::accounts;

namespace {

template <typename T>
T run(asio::awaitable<T> op) {
    asio::io_context ioc;
    auto fut = asio::co_spawn(ioc, std::move(op), asio::use_future);
    ioc.run();
    return fut.get();
}

}  // namespace

TEST(Secrets, TokensAreUrlSafeAndDistinct) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string t = random_token(32);
        EXPECT_EQ(t.size(), 43u);  // 32 bytes, unpadded base64
        EXPECT_EQ(
            t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 100u);
}

TEST(Secrets, Sha256IsHex) {
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Secrets, ComparesSecrets) {
    EXPECT_TRUE(secrets_equal("abc", "abc"));
    EXPECT_FALSE(secrets_equal("abc", "abd"));
    EXPECT_FALSE(secrets_equal("abc", "abcd"));
    EXPECT_FALSE(secrets_equal("", ""));  // a session without a token never matches
}

TEST(Secrets, GeneratedPasswordsAvoidLookAlikes) {
    const std::string p = generate_password();
    EXPECT_EQ(p.size(), 20u);
    EXPECT_EQ(p.find_first_of("0O1lI"), std::string::npos);
    EXPECT_NE(p, generate_password());
}

TEST(PasswordHasher, VerifiesWhatItHashed) {
    PasswordHasher hasher;
    const std::string hash = run(hasher.hash("correct horse battery"));
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
    EXPECT_TRUE(run(hasher.verify(hash, "correct horse battery")));
    EXPECT_FALSE(run(hasher.verify(hash, "correct horse battery!")));
    // An unknown user: checked against the dummy, and never a match.
    EXPECT_FALSE(run(hasher.verify("", "correct horse battery")));
    EXPECT_FALSE(run(hasher.verify("", "")));
}
