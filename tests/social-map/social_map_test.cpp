// Loading a map directory and the search order (docs/social-map.md, "Search order").
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "social-map/social_map.hpp"
#include "tests/knowledge-base/temp_dir.hpp"

using namespace advieslijn::social_map;
using nlohmann::json;

namespace {

const char* areas = R"({"municipalities": [
  {"name": "Voorbeeldstad", "postcodes": ["9990-9994"],
   "neighbourhoods": [{"name": "Noord", "postcodes": ["9990-9991"]}]},
  {"name": "Proefdorp", "postcodes": ["9995-9996"]}]})";

json service(const std::string& id, const std::string& name, json area, json topics = {"slapen"},
             int from = -1, int to = 23, json risks = json::array()) {
    return {{"id", id},         {"name", name},       {"topics", std::move(topics)}, {"risks", std::move(risks)},
            {"ages", {{"from", from}, {"to", to}}}, {"area", std::move(area)},
            {"contact", {{"website", "https://example.org"}}}, {"costs", "free"}, {"referral", false}};
}

std::vector<std::string> ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.service->id + ":" + std::string(to_string(h.nearness)));
    return out;
}

class SocialMapSearch : public ::testing::Test {
protected:
    void SetUp() override {
        dir.write("areas.json", areas);
        dir.write("diensten.json", json::array({
            service("stad", "Stadsteam", {{"municipalities", {"Voorbeeldstad"}}}),
            service("noord", "Buurtpunt Noord", {{"neighbourhoods", {"Noord"}}}),
            service("straat", "Huiskamer 9993", {{"postcodes", {"9993"}}}),
            service("dorp", "Dorpshuis", {{"municipalities", {"Proefdorp"}}}),
            service("beide-b", "beide B", {{"municipalities", {"Voorbeeldstad", "Proefdorp"}}}),
            service("beide-a", "Beide A", {{"municipalities", {"Voorbeeldstad", "Proefdorp"}}}),
            service("tieners", "Tienerpunt", {{"municipalities", {"Voorbeeldstad"}}}, {"puberteit"}, 12, 23),
            service("veilig", "Zorgpunt", {{"municipalities", {"Proefdorp"}}}, {"veiligheid"}, -1, 23,
                    {"domestic_violence"}),
        }).dump());
        dir.write("sub/zwanger.json", service("zwanger", "Zwangerschapsgroep", {{"municipalities", {"Proefdorp"}}},
                                              {"slapen"}, -1, 0).dump());
        auto loaded = load(dir.path());
        ASSERT_TRUE(loaded.map) << to_string(loaded.problems.front());
        map = loaded.map;
    }

    SearchResult search(Query q, std::string_view area = "Voorbeeldstad") const { return map->search(q, area); }

    TempDir dir;
    std::shared_ptr<const Map> map;
};

}  // namespace

TEST_F(SocialMapSearch, SamePostcodeFirstThenMunicipalityThenDefaultArea) {
    Query q;
    q.topic = "slapen";
    q.postcode = 9995;  // Proefdorp; the default area is Voorbeeldstad
    EXPECT_EQ(ids(search(q)), (std::vector<std::string>{
                                  "beide-a:municipality", "beide-b:municipality", "dorp:municipality",
                                  "zwanger:municipality", "stad:default_area"}));
    EXPECT_EQ(search(q).municipality, "Proefdorp");

    q.postcode = 9990;  // Voorbeeldstad Noord: the neighbourhood's service is the nearest
    EXPECT_EQ(ids(search(q)), (std::vector<std::string>{"noord:postcode", "beide-a:municipality",
                                                        "beide-b:municipality", "stad:municipality"}));
    q.postcode = 9993;
    EXPECT_EQ(ids(search(q))[0], "straat:postcode");
}

TEST_F(SocialMapSearch, AgeFiltersAndPregnancyIsMinusOne) {
    Query q;
    q.topic = "slapen";
    q.age = -1;
    q.postcode = 9996;
    EXPECT_EQ(ids(search(q)), (std::vector<std::string>{"beide-a:municipality", "beide-b:municipality",
                                                        "dorp:municipality", "zwanger:municipality",
                                                        "stad:default_area"}));
    q.age = 3;
    EXPECT_EQ(ids(search(q)).size(), 4u);  // not the pregnancy group
    q.topic = "puberteit";
    EXPECT_TRUE(search(q).hits.empty());  // the teenagers' service starts at 12 (and is not in Proefdorp)
    q.age = 14;
    q.postcode.reset();
    EXPECT_EQ(ids(search(q)), (std::vector<std::string>{"tieners:default_area"}));
}

TEST_F(SocialMapSearch, WithoutAPostcodeTheDefaultAreaComesFirstThenTheRest) {
    Query q;
    q.topic = "slapen";
    EXPECT_EQ(ids(search(q)), (std::vector<std::string>{"beide-a:default_area", "beide-b:default_area",
                                                        "stad:default_area", "noord:elsewhere",
                                                        "dorp:elsewhere", "straat:elsewhere",
                                                        "zwanger:elsewhere"}));
    EXPECT_EQ(ids(search(q, "Proefdorp"))[2], "dorp:default_area");
}

TEST_F(SocialMapSearch, RiskMatchesComeFirstAndTopicOrRiskMatches) {
    Query q;
    q.topic = "slapen";
    q.risks = {"domestic_violence"};
    q.postcode = 9991;
    const auto found = ids(search(q));
    ASSERT_FALSE(found.empty());
    // The crisis service works in Proefdorp only, yet comes first for a family in Voorbeeldstad?
    // No: with a postcode, a service that does not work there is left out.
    EXPECT_EQ(std::count(found.begin(), found.end(), "veilig:default_area"), 0);
    q.postcode.reset();
    EXPECT_EQ(ids(search(q))[0], "veilig:elsewhere");
    q.topic.clear();
    EXPECT_EQ(ids(search(q)), (std::vector<std::string>{"veilig:elsewhere"}));
}

TEST_F(SocialMapSearch, LimitCutsAfterOrdering) {
    Query q;
    q.topic = "slapen";
    q.limit = 2;
    EXPECT_EQ(ids(search(q)), (std::vector<std::string>{"beide-a:default_area", "beide-b:default_area"}));
}

TEST(SocialMapLoad, ProblemsNameFileServiceAndField) {
    TempDir dir;
    dir.write("areas.json", areas);
    dir.write("a.json", service("een", "Een", {{"municipalities", {"Voorbeeldstadt"}}}).dump());
    dir.write("b.json", service("een", "Nog een", {{"neighbourhoods", {"Noord"}}}).dump());
    dir.write(".verborgen.json", "{ kapot");
    auto loaded = load(dir.path());
    EXPECT_FALSE(loaded.map);
    ASSERT_EQ(loaded.problems.size(), 2u);
    EXPECT_EQ(to_string(loaded.problems[0]), (dir.path() / "b.json").string() +
                                                 ": service 'een': field 'id': is used twice (also in " +
                                                 (dir.path() / "a.json").string() + ")");
    EXPECT_EQ(to_string(loaded.problems[1]), (dir.path() / "a.json").string() +
                                                 ": service 'een': field 'area.municipalities[0]': "
                                                 "'Voorbeeldstadt' is not a municipality of areas.json");
}

TEST(SocialMapLoad, AreasFileAndServicesAreRequired) {
    TempDir dir;
    dir.write("a.json", service("een", "Een", {{"postcodes", {"9990"}}}).dump());
    auto loaded = load(dir.path());
    ASSERT_EQ(loaded.problems.size(), 1u);
    EXPECT_NE(loaded.problems[0].message.find("is missing"), std::string::npos);
    TempDir empty;
    empty.write("areas.json", areas);
    loaded = load(empty.path());
    ASSERT_EQ(loaded.problems.size(), 1u);
    EXPECT_EQ(loaded.problems[0].message, "holds no services");
}

TEST(SocialMapLoad, UnknownTopicsAreNamed) {
    TempDir dir;
    dir.write("areas.json", areas);
    dir.write("a.json", service("een", "Een", {{"postcodes", {"9990"}}}, {"slapen", "slapn"}).dump());
    auto loaded = load(dir.path());
    ASSERT_TRUE(loaded.map);
    const auto problems = unknown_topics(*loaded.map, {"slapen", "voeding"});
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].field, "topics[1]");
    EXPECT_EQ(problems[0].id, "een");
}

TEST(SocialMapLoad, TheJsonCarriesWhereItMatched) {
    TempDir dir;
    dir.write("areas.json", areas);
    dir.write("a.json", service("een", "Een", {{"postcodes", {"9990-9991"}}}).dump());
    auto loaded = load(dir.path());
    ASSERT_TRUE(loaded.map);
    Query q;
    q.postcode = 9991;
    const json j = to_json(loaded.map->search(q, "Voorbeeldstad"));
    EXPECT_EQ(j["municipality"], "Voorbeeldstad");
    ASSERT_EQ(j["results"].size(), 1u);
    EXPECT_EQ(j["results"][0]["match"], "postcode");
    EXPECT_EQ(j["results"][0]["area"]["postcodes"][0], "9990-9991");
    EXPECT_EQ(j["results"][0]["ages"]["from"], -1);
}
