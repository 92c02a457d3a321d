// A tenant's own articles beside the shared set, through the real binary: they add articles
// and replace shared ones for that tenant only.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/config.hpp"
#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"

using namespace advieslijn::test;
using nlohmann::json;

namespace {

class TenantKnowledgeBase : public ::testing::Test {
protected:
    std::string dir_ = "/tmp/advieslijn-tenant-kb-" + std::to_string(::getpid());
    RedisServer redis_;
    std::string config_ = write_config();
    ServerProcess server_{ADVIESLIJN_BINARY, redis_.url(), {}, config_};

    ~TenantKnowledgeBase() override { std::filesystem::remove_all(dir_); }

    std::string write_config() {
        std::filesystem::create_directories(dir_ + "/noord/nl");
        // Replaces a shared article (same lang and id) and adds one of Noord's own.
        json own = json::array(
            {{{"id", "alcohol-puber-drinkt"}, {"lang", "nl"}, {"title", "Alcohol en pubers in Noord"},
              {"questions", {"Mijn puber drinkt alcohol"}}, {"keywords", {"alcohol", "drinken", "puber"}},
              {"answer", "Bel het jongerenteam van CJG Noord."}},
             {{"id", "noord-zwemles"}, {"lang", "nl"}, {"title", "Zwemles in Noord"},
              {"questions", {"Waar kan mijn kind zwemles krijgen?"}}, {"keywords", {"zwemles", "zwemdiploma"}},
              {"answer", "Zwemles is er in het Noorderbad."}}});
        std::ofstream(dir_ + "/noord/nl/noord.json") << own.dump(2);
        const std::string own_dir = dir_ + "/noord";
        write_two_tenant_config(dir_ + "/config.json",
                                [&](json& c) { c["tenants"][1]["knowledge_base"] = own_dir; });
        return dir_ + "/config.json";
    }
    json search(const std::string& q, const std::string& site_key) {
        auto r = server_.request("GET", "/v1/kb/search?lang=nl&q=" + q + (site_key.empty() ? "" : "&site_key=" + site_key));
        EXPECT_EQ(r.status, 200) << r.body;
        return json::parse(r.body);
    }
};

}  // namespace

TEST_F(TenantKnowledgeBase, OwnArticlesAddAndOverrideForThatTenantOnly) {
    auto noord = search("zwemles", "noord");
    ASSERT_FALSE(noord["results"].empty());
    EXPECT_EQ(noord["results"][0]["id"], "noord-zwemles");
    auto demo = search("zwemles", "demo");
    for (const auto& r : demo["results"]) EXPECT_NE(r["id"], "noord-zwemles");

    auto noord_alcohol = search("puber%20drinkt%20alcohol", "noord");
    ASSERT_FALSE(noord_alcohol["results"].empty());
    EXPECT_EQ(noord_alcohol["results"][0]["title"], "Alcohol en pubers in Noord");
    auto shared_alcohol = search("puber%20drinkt%20alcohol", "");
    ASSERT_FALSE(shared_alcohol["results"].empty());
    EXPECT_EQ(shared_alcohol["results"][0]["title"], "Mijn puber drinkt alcohol");

    // The chat of each tenant answers from its own set.
    auto start = server_.request("POST", "/v1/chat/sessions", json{{"site_key", "noord"}, {"lang", "nl"}}.dump(),
                                 {{"Content-Type", "application/json"}});
    ASSERT_EQ(start.status, 201) << start.body;
    const std::string sid = json::parse(start.body)["session_id"];
    auto reply = server_.request("POST", "/v1/chat/sessions/" + sid + "/messages",
                                 json{{"text", "Waar kan mijn kind zwemles krijgen?"}}.dump(),
                                 {{"Content-Type", "application/json"}});
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(json::parse(reply.body)["article"]["id"], "noord-zwemles") << reply.body;

    EXPECT_EQ(server_.request("GET", "/v1/kb/search?lang=nl&q=x&site_key=nope").status, 400);
}

// The answer cache (routing/answer_cache.hpp) gives a question asked before the decision it
// got then, and an editor's change is answered as soon as the articles are reloaded: the
// reload drops every kept decision.
TEST_F(TenantKnowledgeBase, AReloadedArticleIsAnsweredAtOnceDespiteTheAnswerCache) {
    auto start = server_.request("POST", "/v1/chat/sessions", json{{"site_key", "noord"}, {"lang", "nl"}}.dump(),
                                 {{"Content-Type", "application/json"}});
    ASSERT_EQ(start.status, 201) << start.body;
    const std::string sid = json::parse(start.body)["session_id"];
    auto ask = [&] {
        auto reply = server_.request("POST", "/v1/chat/sessions/" + sid + "/messages",
                                     json{{"text", "Waar kan mijn kind zwemles krijgen?"}}.dump(),
                                     {{"Content-Type", "application/json"}});
        EXPECT_EQ(reply.status, 200) << reply.body;
        return json::parse(reply.body);
    };
    auto metric = [&](const std::string& name) {
        const auto body = server_.request("GET", "/metrics").body;
        const auto at = body.find("\n" + name + " ");
        return at == std::string::npos ? -1.0 : std::stod(body.substr(at + name.size() + 2));
    };
    EXPECT_EQ(ask()["article"]["text"], "Zwemles is er in het Noorderbad.");
    const double hits = metric("advieslijn_answer_cache_hits_total");
    ASSERT_GE(hits, 0.0);
    EXPECT_EQ(ask()["article"]["text"], "Zwemles is er in het Noorderbad.");
    EXPECT_EQ(metric("advieslijn_answer_cache_hits_total"), hits + 1);
    EXPECT_GE(metric("advieslijn_answer_cache_entries"), 1.0);

    json own = json::parse(std::ifstream(dir_ + "/noord/nl/noord.json"));
    own[1]["answer"] = "Zwemles is er nu in het nieuwe Zuiderbad.";
    std::ofstream(dir_ + "/noord/nl/noord.json") << own.dump(2);
    server_.process().signal(SIGHUP);
    bool reloaded = false;
    for (int i = 0; i < 100 && !reloaded; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        reloaded = server_.process().log().find("knowledge base reloaded") != std::string::npos;
    }
    ASSERT_TRUE(reloaded) << server_.process().log();
    EXPECT_EQ(ask()["article"]["text"], "Zwemles is er nu in het nieuwe Zuiderbad.");
}
