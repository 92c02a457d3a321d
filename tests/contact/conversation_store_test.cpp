// Retention of conversation state against a real redis-server (contact/conversation_store.hpp):
// each key's TTL is its tenant's period, renewed by every step. Redis TTLs run on real time,
// not on a fake clock, so the tests check the keys' PTTL instead of waiting.
#include "contact/conversation_store.hpp"

#include <gtest/gtest.h>

#include "tests/support/keys.hpp"
#include "tests/support/redis_fixture.hpp"

using namespace advieslijn;
using namespace advieslijn::contact;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

class ConversationRetentionTest : public test::RedisTest {
protected:
    ConversationRetentionTest() : RedisTest("conv") {}

    void SetUp() override {
        RedisTest::SetUp();
        ConversationTtls a;
        a.voice = 4h;
        a.sms = 12h;
        a.chat_session = 120min;
        a.chat_transcript = 60min;
        // Tenant "b" is not listed: it gets the defaults (2 h, 24 h, 30 and 30 minutes).
        store_ = std::make_unique<ConversationStore>(*client_, ChatStoreLimits{},
                                                     ConversationTtls{},
                                                     std::map<std::string, ConversationTtls>{{tenant_a_, a}});
    }
    void TearDown() override {
        store_.reset();
        RedisTest::TearDown();
    }

    // The key's PTTL in ms, and whether it is within a second of `expected`.
    ::testing::AssertionResult lives(const std::string& key, std::chrono::seconds expected) {
        const long long ms = redis({"PTTL", key}).integer;
        const long long want = std::chrono::duration_cast<std::chrono::milliseconds>(expected).count();
        if (ms <= want && ms > want - 1000) return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << key << ": PTTL " << ms << " ms, expected " << want;
    }

    std::string chat(const std::string& tenant) {
        const std::string id = ConversationStore::new_chat_id(tenant);
        const ConversationStore::ChatSession session{tenant, "nl", {}, {}};
        EXPECT_TRUE(run(store_->chat_create(id, session, json{{"from", "line"}, {"text", "hallo"}})));
        return id;
    }

    // Tenant ids are a-z, 0-9 and '-': the unique prefix spelled that way.
    static std::string tenant_id(std::string prefix, const std::string& last) {
        for (char& c : prefix)
            if (!std::isalnum(static_cast<unsigned char>(c))) c = '-';
        return prefix + last;
    }
    std::string tenant_a_ = tenant_id(prefix_, "a");
    std::string tenant_b_ = tenant_id(prefix_, "b");
    std::unique_ptr<ConversationStore> store_;
};

}  // namespace

TEST_F(ConversationRetentionTest, ACallsStateLivesItsTenantsPeriod) {
    const std::string sid_a = "CA" + prefix_ + "1", sid_b = "CA" + prefix_ + "2";
    ASSERT_TRUE(run(store_->voice_start(tenant_a_, sid_a, "{}")).ok());
    ASSERT_TRUE(run(store_->voice_start(tenant_b_, sid_b, "{}")).ok());
    EXPECT_TRUE(lives(test::voice_key(tenant_a_, sid_a), 4h));
    EXPECT_TRUE(lives(test::voice_key(tenant_b_, sid_b), 2h));
    // Every step renews it.
    redis({"PEXPIRE", test::voice_key(tenant_a_, sid_a), "5000"});
    ASSERT_TRUE(run(store_->voice_save(tenant_a_, sid_a, "{}")).ok());
    EXPECT_TRUE(lives(test::voice_key(tenant_a_, sid_a), 4h));
}

TEST_F(ConversationRetentionTest, ATextersThreadLivesItsTenantsPeriod) {
    ASSERT_TRUE(run(store_->sms_save(tenant_a_, "+31611111111", "{}")).ok());
    ASSERT_TRUE(run(store_->sms_save(tenant_b_, "+31611111111", "{}")).ok());
    EXPECT_TRUE(lives("sms:{" + tenant_a_ + "}:+31611111111", 12h));
    EXPECT_TRUE(lives("sms:{" + tenant_b_ + "}:+31611111111", 24h));
}

TEST_F(ConversationRetentionTest, AChatsStateAndTranscriptLiveTheirTenantsPeriods) {
    const std::string a = chat(tenant_a_), b = chat(tenant_b_);
    EXPECT_TRUE(lives(test::chat_key(a), 120min));
    EXPECT_TRUE(lives(test::chat_messages_key(a), 60min));
    EXPECT_TRUE(lives(test::chat_key(b), 30min));
    EXPECT_TRUE(lives(test::chat_messages_key(b), 30min));
    // A message renews both, each to its own period.
    redis({"PEXPIRE", test::chat_key(a), "5000"});
    redis({"PEXPIRE", test::chat_messages_key(a), "5000"});
    const std::vector<std::string> exchange{R"({"from":"visitor","text":"slapen"})"};
    ASSERT_TRUE(run(store_->chat_append(tenant_a_, a, exchange, {}, {})));
    EXPECT_TRUE(lives(test::chat_key(a), 120min));
    EXPECT_TRUE(lives(test::chat_messages_key(a), 60min));
}

TEST_F(ConversationRetentionTest, AChatIdleLongerThanItsSessionTimeHasEndedButIsStillFound) {
    const std::string id = chat(tenant_a_);
    auto loaded = run(store_->chat_load(id));
    ASSERT_EQ(loaded.found, ConversationStore::Found::yes);
    EXPECT_FALSE(loaded.ended);
    const auto ms_ago = [](std::chrono::minutes m) {
        return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                  (std::chrono::system_clock::now() - m).time_since_epoch())
                                  .count());
    };
    // The chat's idle time is 30 minutes (ChatStoreLimits); the state is kept 120.
    redis({"HSET", test::chat_key(id), "last", ms_ago(29min)});
    EXPECT_FALSE(run(store_->chat_load(id)).ended);
    redis({"HSET", test::chat_key(id), "last", ms_ago(31min)});
    loaded = run(store_->chat_load(id));
    EXPECT_EQ(loaded.found, ConversationStore::Found::yes) << "kept: a callback request still finds it";
    EXPECT_TRUE(loaded.ended);
    EXPECT_EQ(loaded.session.tenant, tenant_a_);
    // The same through the path that counts a message.
    const std::string remote = "192.0.2.1";
    loaded = run(store_->chat_load(id, &remote));
    EXPECT_EQ(loaded.found, ConversationStore::Found::yes);
    EXPECT_TRUE(loaded.ended);
    EXPECT_EQ(loaded.hits.size(), 2u);
}

// Every key a conversation writes carries its tenant's hash tag (the first {…} of the key,
// what Redis Cluster hashes), so a tenant's keys and each script's keys share one slot. A chat
// id names its tenant: its token under another tenant's name finds nothing, and neither does
// an id of the old form (the 32 hex digits alone).
TEST_F(ConversationRetentionTest, EveryKeyCarriesItsTenantsHashTagAndAChatIdNamesItsTenant) {
    const std::string id = chat(tenant_a_);
    ASSERT_EQ(id.rfind(tenant_a_ + ".", 0), 0u) << id;
    const std::string token = id.substr(id.find('.') + 1);
    EXPECT_EQ(run(store_->chat_load(tenant_b_ + "." + token)).found, ConversationStore::Found::no);
    EXPECT_EQ(run(store_->chat_load(token)).found, ConversationStore::Found::no);
    EXPECT_FALSE(run(store_->chat_append(tenant_b_, id, {std::string(R"({"from":"visitor","text":"x"})")}, {}, {})));

    const std::string remote = "192.0.2.7";
    EXPECT_EQ(run(store_->chat_load(id, &remote)).hits.size(), 2u);
    ASSERT_TRUE(run(store_->count_chat_start(tenant_a_, remote)));
    // The form's counter is counted by its create (callbacks::CreateLimit); its key is the store's.
    ASSERT_EQ(redis({"INCR", ConversationStore::form_limit(tenant_a_, remote, 1).key}).integer, 1);
    ASSERT_TRUE(run(store_->voice_start(tenant_a_, "CA" + token, "{}")).ok());
    ASSERT_TRUE(run(store_->sms_save(tenant_a_, "+31611111111", "{}")).ok());

    std::vector<std::string> keys;
    std::string cursor = "0";
    do {
        auto page = redis({"SCAN", cursor, "MATCH", "*" + tenant_a_ + "*", "COUNT", "1000"});
        cursor = page.elements.at(0).str;
        for (const auto& k : page.elements.at(1).elements) keys.push_back(k.str);
    } while (cursor != "0");
    // The session, its transcript, the session's and the address's chat counters (the start
    // counts on the address's), the form counter, the call, the thread.
    EXPECT_EQ(keys.size(), 7u);
    for (const auto& key : keys) {
        const auto open = key.find('{');
        const auto close = key.find('}', open);
        ASSERT_NE(close, std::string::npos) << key;
        EXPECT_EQ(key.substr(open + 1, close - open - 1), tenant_a_) << key;
    }
    EXPECT_EQ(run(store_->chat_ids(tenant_a_))->size(), 1u);
    EXPECT_EQ(run(store_->chat_ids(tenant_a_))->front(), id);
    EXPECT_TRUE(run(store_->chat_ids(tenant_b_))->empty());
    EXPECT_EQ(run(store_->voice_calls(tenant_a_))->size(), 1u);
    EXPECT_TRUE(run(store_->voice_calls(tenant_b_))->empty());
}

// A chat message's counts go with its transcript (issue 19: one round trip): the calls after
// the append are written, and the answer is the append's own; for a session that is gone the
// append says so and the counts are still written (the question was taken).
TEST_F(ConversationRetentionTest, AChatMessagesCountsAreWrittenWithItsTranscript) {
    const std::string id = chat(tenant_a_);
    const std::string counter = "conv:" + prefix_ + ":counted";
    const std::vector<std::string> exchange{R"({"from":"visitor","text":"slapen"})"};
    std::vector<RedisCall> then{RedisCall{{"INCR", counter}}, RedisCall{{"INCR", counter}}};
    ASSERT_TRUE(run(store_->chat_append(tenant_a_, id, exchange, {}, {}, {}, std::move(then))));
    EXPECT_EQ(redis({"GET", counter}).str, "2");
    EXPECT_EQ(redis({"LLEN", test::chat_messages_key(id)}).integer, 2) << "the greeting and the question";

    redis({"DEL", test::chat_key(id), test::chat_messages_key(id)});
    std::vector<RedisCall> again{RedisCall{{"INCR", counter}}};
    EXPECT_FALSE(run(store_->chat_append(tenant_a_, id, exchange, {}, {}, {}, std::move(again))));
    EXPECT_EQ(redis({"GET", counter}).str, "3");
    EXPECT_EQ(redis({"EXISTS", test::chat_key(id)}).integer, 0) << "a gone session is not made again";
    redis({"DEL", counter});
}
