#include "gateway/http.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace advieslijn::gateway;

TEST(Http, ErrorBodyHasTheContractShape) {
    Response r = json_error(http::status::conflict, "stale_lease", "Someone else \"holds\" it.");
    EXPECT_EQ(r.result(), http::status::conflict);
    EXPECT_EQ(r[http::field::content_type], "application/json");
    auto body = nlohmann::json::parse(r.body());
    EXPECT_EQ(body["error"]["code"], "stale_lease");
    EXPECT_EQ(body["error"]["message"], "Someone else \"holds\" it.");
}

TEST(Http, UrlDecode) {
    std::string out;
    EXPECT_TRUE(url_decode("a+b%2Bc%C3%A9", out));
    EXPECT_EQ(out, "a b+c\xC3\xA9");
    EXPECT_FALSE(url_decode("%4", out));
    EXPECT_FALSE(url_decode("%", out));
    EXPECT_FALSE(url_decode("%g0", out));
}

TEST(Http, QueryParam) {
    EXPECT_EQ(query_param("q=slaap+baby&lang=nl", "q"), "slaap baby");
    EXPECT_EQ(query_param("q=slaap&lang=nl", "lang"), "nl");
    EXPECT_EQ(query_param("q=slaap", "missing"), "");
    EXPECT_EQ(query_param("flag&x=1", "flag"), "");
}

TEST(Http, ClientAddressBelievesOnlyTrustedProxies) {
    const std::vector<std::string> proxies{"10.0.0.1", "10.0.0.2"};
    // Not a proxy: the peer, whatever the header claims.
    EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", proxies), "203.0.113.9");
    EXPECT_EQ(client_address("203.0.113.9", "198.51.100.1", {}), "203.0.113.9");
    // A trusted proxy: the right-most hop it vouches for.
    EXPECT_EQ(client_address("10.0.0.1", "198.51.100.1", proxies), "198.51.100.1");
    // A client that sends its own X-Forwarded-For cannot pick its address: only the hop the
    // proxy appended counts.
    EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4, 198.51.100.1", proxies), "198.51.100.1");
    // Two trusted proxies in a row.
    EXPECT_EQ(client_address("10.0.0.1", "198.51.100.1, 10.0.0.2", proxies), "198.51.100.1");
    EXPECT_EQ(client_address("10.0.0.1", " 198.51.100.1 ,\t10.0.0.2 ", proxies), "198.51.100.1");
    // No header, an empty one, or only proxies: the peer.
    EXPECT_EQ(client_address("10.0.0.1", "", proxies), "10.0.0.1");
    EXPECT_EQ(client_address("10.0.0.1", " , ", proxies), "10.0.0.1");
    EXPECT_EQ(client_address("10.0.0.1", "10.0.0.2", proxies), "10.0.0.1");
}
