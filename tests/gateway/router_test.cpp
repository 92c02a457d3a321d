#include "gateway/router.hpp"

#include <gtest/gtest.h>

using namespace advieslijn::gateway;

namespace {
Handler noop() {
    return [](RequestContext&) -> boost::asio::awaitable<Response> { co_return Response{}; };
}
}  // namespace

TEST(Router, MatchesLiteralsAndParameters) {
    Router r;
    r.add(http::verb::get, "/v1/callbacks/{id}", noop());
    r.add(http::verb::post, "/v1/callbacks/{id}/claim", noop());
    auto m = r.match(http::verb::get, "/v1/callbacks/abc%20d");
    ASSERT_EQ(m.kind, RouteMatch::Kind::found);
    EXPECT_EQ(m.route, "/v1/callbacks/{id}");
    EXPECT_EQ(m.params.at("id"), "abc d");
    auto c = r.match(http::verb::post, "/v1/callbacks/42/claim");
    ASSERT_EQ(c.kind, RouteMatch::Kind::found);
    EXPECT_EQ(c.params.at("id"), "42");
}

TEST(Router, NotFoundAndMethodNotAllowedWithAllow) {
    Router r;
    r.add(http::verb::get, "/healthz", noop());
    r.add(http::verb::post, "/v1/chat/sessions", noop());
    EXPECT_EQ(r.match(http::verb::get, "/nope").kind, RouteMatch::Kind::not_found);
    EXPECT_EQ(r.match(http::verb::get, "/healthz/extra").kind, RouteMatch::Kind::not_found);
    auto m = r.match(http::verb::delete_, "/healthz");
    EXPECT_EQ(m.kind, RouteMatch::Kind::method_not_allowed);
    EXPECT_EQ(m.allow, "GET, HEAD");
    EXPECT_EQ(r.match(http::verb::get, "/v1/chat/sessions").allow, "POST");
}

TEST(Router, HeadUsesGetAndTrailingSlashesAreLenient) {
    Router r;
    r.add(http::verb::get, "/healthz", noop());
    EXPECT_EQ(r.match(http::verb::head, "/healthz").kind, RouteMatch::Kind::found);
    EXPECT_EQ(r.match(http::verb::get, "/healthz/").kind, RouteMatch::Kind::found);
}

TEST(Router, RestParameterTakesTheTail) {
    Router r;
    r.add(http::verb::get, "/files/{path...}", noop());
    auto m = r.match(http::verb::get, "/files/a/b/c.js");
    ASSERT_EQ(m.kind, RouteMatch::Kind::found);
    EXPECT_EQ(m.params.at("path"), "a/b/c.js");
    EXPECT_THROW(r.add(http::verb::get, "/{x...}/y", noop()), std::invalid_argument);
}

TEST(Router, BadEscapeInParameterDoesNotMatch) {
    Router r;
    r.add(http::verb::get, "/t/{id}", noop());
    EXPECT_EQ(r.match(http::verb::get, "/t/%zz").kind, RouteMatch::Kind::not_found);
}
