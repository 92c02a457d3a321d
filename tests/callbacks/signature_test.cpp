#include "callbacks/signature.hpp"

#include <gtest/gtest.h>

using namespace advieslijn::callbacks;

TEST(SignatureTest, HmacSha256MatchesRfc4231) {
    // RFC 4231, test case 2.
    EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(SignatureTest, SignsTimestampAndBodyAndVerifies) {
    const std::string body = R"({"task_id":"t1","level":2})";
    const std::string sig = sign_webhook("secret", 1714478400, body);
    EXPECT_EQ(sig, "sha256=" + hmac_sha256_hex("secret", "1714478400." + body));
    EXPECT_TRUE(verify_webhook("secret", 1714478400, body, sig));
    EXPECT_FALSE(verify_webhook("secret", 1714478401, body, sig)) << "timestamp is signed";
    EXPECT_FALSE(verify_webhook("other", 1714478400, body, sig));
    EXPECT_FALSE(verify_webhook("secret", 1714478400, body + " ", sig));
    EXPECT_FALSE(verify_webhook("secret", 1714478400, body, sig.substr(1)));
}
