#include "knowledge-base/knowledge_base.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <thread>

#include "tests/knowledge-base/temp_dir.hpp"

namespace {

const char* article(const char* id, const char* title) {
    static thread_local std::string text;
    text = std::string(R"({"id":")") + id + R"(","lang":"nl","title":")" + title +
           R"(","answer":"Een antwoord."})";
    return text.c_str();
}

TEST(Overlay, TenantAddsAndOverrides) {
    auto loaded = kb::load(KB_FIXTURES "/good", std::filesystem::path(KB_FIXTURES "/tenant"));
    ASSERT_TRUE(loaded.kb) << kb::to_string(loaded.problems.at(0));
    const auto& k = *loaded.kb;
    EXPECT_EQ(k.find("nl", "slapen-baby")->title, "Slaapspreekuur in onze gemeente");
    EXPECT_EQ(k.find("en", "slapen-baby")->title, "My baby doesn't sleep through the night");
    EXPECT_NE(k.find("nl", "zwemles"), nullptr);
    EXPECT_NE(k.find("nl", "puber-contact"), nullptr);
    // The tenant's synonyms.json extends the shipped groups.
    auto r = k.search("nl", "zwemcursus", 5);
    ASSERT_FALSE(r.results.empty());
    EXPECT_EQ(r.results[0].id, "zwemles");
    // Without the tenant the shared version serves.
    auto shared = kb::load(KB_FIXTURES "/good");
    EXPECT_EQ(shared.kb->find("nl", "slapen-baby")->title, "Mijn baby slaapt niet door");
}

TEST(Load, DuplicateIdNamesBothFiles) {
    TempDir dir;
    dir.write("a.json", article("x-1", "Een"));
    dir.write("sub/b.json", article("x-1", "Twee"));
    auto loaded = kb::load(dir.path());
    EXPECT_FALSE(loaded.kb);
    ASSERT_EQ(loaded.problems.size(), 1U);
    EXPECT_EQ(loaded.problems[0].field, "id");
    EXPECT_EQ(loaded.problems[0].id, "x-1");
    EXPECT_NE(loaded.problems[0].file.find("b.json"), std::string::npos);
    EXPECT_NE(loaded.problems[0].message.find("a.json"), std::string::npos);
}

TEST(Load, EmptySetAndBadSynonymsAreRefused) {
    TempDir empty;
    EXPECT_FALSE(kb::load(empty.path()).kb);
    TempDir syn;
    syn.write("a.json", article("x-1", "Een"));
    syn.write("synonyms.json", R"({"nl": [["alleen"], ["twee woorden", "x"]]})");
    auto loaded = kb::load(syn.path());
    EXPECT_FALSE(loaded.kb);
    ASSERT_EQ(loaded.problems.size(), 3U);
    EXPECT_EQ(loaded.problems[0].field, "nl[0]");
    EXPECT_EQ(loaded.problems[1].field, "nl[1][0]");  // two words
    EXPECT_EQ(loaded.problems[2].field, "nl[1][1]");  // one letter is no word
}

TEST(Library, ReloadSwapsOnlyValidSets) {
    TempDir dir;
    dir.write("a.json", article("x-1", "Slapen"));
    kb::Library library(dir.path());
    EXPECT_EQ(library.current(), nullptr);
    EXPECT_TRUE(library.reload().empty());
    auto first = library.current();
    ASSERT_TRUE(first);
    EXPECT_EQ(first->find("nl", "x-1")->title, "Slapen");

    dir.write("b.json", R"({"id":"x-2","lang":"nl","title":"Kapot"})");  // no answer
    auto problems = library.reload();
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(problems[0].field, "answer");
    EXPECT_EQ(library.current(), first);  // the old set keeps serving

    dir.write("b.json", article("x-2", "Eten"));
    EXPECT_TRUE(library.reload().empty());
    EXPECT_NE(library.current(), first);
    EXPECT_NE(library.current()->find("nl", "x-2"), nullptr);
    EXPECT_EQ(first->find("nl", "x-2"), nullptr);  // holders of the old set are unaffected
}

TEST(Library, SearchWhileReloading) {
    TempDir dir;
    dir.write("a.json", article("x-1", "Slapen"));
    kb::Library library(dir.path());
    ASSERT_TRUE(library.reload().empty());
    std::atomic<bool> stop{false};
    std::thread reader([&] {
        while (!stop) {
            auto k = library.current();
            auto r = k->search("nl", "slapen", 5);
            ASSERT_FALSE(r.results.empty());
            EXPECT_EQ(r.results[0].article->id, "x-1");
        }
    });
    for (int i = 0; i < 20; ++i) EXPECT_TRUE(library.reload().empty());
    stop = true;
    reader.join();
}

TEST(Json, ArchitectureShape) {
    auto loaded = kb::load(KB_FIXTURES "/good");
    auto r = loaded.kb->search("nl", "mijn baby slaapt niet door", 5);
    auto j = nlohmann::json::parse(kb::to_json(r));
    EXPECT_EQ(j["query"], "mijn baby slaapt niet door");
    EXPECT_EQ(j["lang"], "nl");
    EXPECT_EQ(j["decision"], std::string(kb::to_string(r.decision)));
    ASSERT_FALSE(j["results"].empty());
    EXPECT_EQ(j["results"][0]["id"], "slapen-baby");
    EXPECT_EQ(j["results"][0]["title"], "Mijn baby slaapt niet door");
    EXPECT_TRUE(j["results"][0]["score"].is_number());
    EXPECT_EQ(j.size(), 4U);
    EXPECT_EQ(j["results"][0].size(), 3U);
    // Invalid UTF-8 in the query is replaced, not thrown.
    auto bad = loaded.kb->search("nl", "baby\xff", 5);
    EXPECT_NO_THROW(nlohmann::json::parse(kb::to_json(bad)));
}

}  // namespace
