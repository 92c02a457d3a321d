// Validation of social-map files: every broken field is named with its file and service id.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "social-map/service.hpp"

using namespace advieslijn::social_map;
using nlohmann::json;

namespace {

json valid_service() {
    return json::parse(R"({
      "id": "voorbeeld-jeugdpunt",
      "name": "Voorbeeld Jeugdpunt",
      "topics": ["slapen"],
      "risks": ["neglect"],
      "ages": {"from": -1, "to": 23},
      "area": {"municipalities": ["Voorbeeldstad"], "postcodes": ["9990-9991", "9993"]},
      "contact": {"phone": "+31880030061", "website": "https://example.org", "email": "a@example.org"},
      "opening_hours": {"mo": ["09:00-17:00"]},
      "languages": ["nl", "en"],
      "costs": "free",
      "referral": false
    })");
}

std::vector<Problem> problems_of(const json& service) {
    std::vector<Problem> problems;
    parse_services(service.dump(), "diensten.json", problems);
    return problems;
}

// The one problem a broken service has: its file, id and field.
void expect_problem(const json& service, const std::string& field, const std::string& words) {
    const auto problems = problems_of(service);
    ASSERT_EQ(problems.size(), 1u) << service.dump();
    EXPECT_EQ(problems[0].file, "diensten.json");
    EXPECT_EQ(problems[0].id, "voorbeeld-jeugdpunt");
    EXPECT_EQ(problems[0].field, field);
    EXPECT_NE(problems[0].message.find(words), std::string::npos) << problems[0].message;
}

}  // namespace

TEST(SocialMapService, AValidServiceIsRead) {
    std::vector<Problem> problems;
    auto services = parse_services(valid_service().dump(), "diensten.json", problems);
    ASSERT_TRUE(problems.empty()) << to_string(problems.front());
    ASSERT_EQ(services.size(), 1u);
    const Service& s = services[0];
    EXPECT_EQ(s.age_from, -1);
    EXPECT_EQ(s.area.postcodes.size(), 2u);
    EXPECT_TRUE(s.area.postcodes[0].contains(9991));
    EXPECT_FALSE(s.area.postcodes[0].contains(9992));
    EXPECT_EQ(s.contact.phone, "+31880030061");
    EXPECT_EQ(s.file, "diensten.json");
}

TEST(SocialMapService, EachBrokenFieldIsNamed) {
    auto with = [](const std::string& pointer, json value) {
        json s = valid_service();
        s[json::json_pointer(pointer)] = std::move(value);
        return s;
    };
    expect_problem(with("/contact/phone", "0612345678"), "contact.phone", "E.164");
    expect_problem(with("/contact/phone", "+319001234567"), "contact.phone", "premium");
    expect_problem(with("/contact/website", "www.example.org"), "contact.website", "https://");
    expect_problem(with("/contact/email", "geen-adres"), "contact.email", "e-mail");
    expect_problem(with("/ages/from", -2), "ages.from", "-1 (pregnancy) to 23");
    expect_problem(with("/ages/to", 24), "ages.to", "-1 (pregnancy) to 23");
    expect_problem(with("/ages", json{{"from", 12}, {"to", 4}}), "ages", "'from' must not be above 'to'");
    expect_problem(with("/area/postcodes/1", "999"), "area.postcodes[1]", "PC4");
    expect_problem(with("/area/postcodes/0", "9995-9990"), "area.postcodes[0]", "PC4");
    expect_problem(with("/risks/0", "danger"), "risks[0]", "not a risk category");
    expect_problem(with("/topics/0", "Slapen!"), "topics[0]", "topic");
    expect_problem(with("/opening_hours/mo/0", "9-17"), "opening_hours.mo[0]", "HH:MM-HH:MM");
    expect_problem(with("/opening_hours", json{{"monday", json::array({"09:00-17:00"})}}), "opening_hours.monday",
                   "unknown day");
    expect_problem(with("/opening_hours", "altijd"), "opening_hours", "24/7");
    expect_problem(with("/languages/1", "Engels"), "languages[1]", "ISO 639");
    expect_problem(with("/costs", "gratis"), "costs", "free, paid, insured, varies");
    expect_problem(with("/referral", "nee"), "referral", "true or false");
    expect_problem(with("/name", " "), "name", "must not be empty");
    expect_problem(with("/telefoon", "+31880030061"), "telefoon", "unknown field");
    expect_problem(with("/contact/fax", "x"), "contact.fax", "unknown field");
}

TEST(SocialMapService, RequiredFieldsAreNamedWhenMissing) {
    for (const char* field : {"name", "ages", "area", "contact", "costs", "referral"}) {
        json s = valid_service();
        s.erase(field);
        expect_problem(s, field, "required");
    }
    json s = valid_service();
    s["contact"] = json{{"address", "Voorbeeldplein 1"}};
    expect_problem(s, "contact", "phone number or a website");
    s = valid_service();
    s["area"] = json::object();
    expect_problem(s, "area", "at least one");
    s = valid_service();
    s.erase("topics");
    s.erase("risks");
    expect_problem(s, "topics", "topics or risks");
    s["topics"] = json::array();
    s["risks"] = json::array();
    expect_problem(s, "topics", "topics or risks");
}

TEST(SocialMapService, EveryProblemOfAFileIsReported) {
    json s = valid_service();
    s["costs"] = "gratis";
    s["ages"]["to"] = 40;
    json other = valid_service();
    other["id"] = "tweede";
    std::vector<Problem> problems;
    auto services = parse_services(json::array({s, other}).dump(), "diensten.json", problems);
    EXPECT_EQ(problems.size(), 2u);
    ASSERT_EQ(services.size(), 1u);
    EXPECT_EQ(services[0].id, "tweede");
    EXPECT_EQ(to_string(problems[0]), "diensten.json: service 'voorbeeld-jeugdpunt': field 'ages.to': "
                                      "must be a whole number from -1 (pregnancy) to 23");
}

TEST(SocialMapService, NotJsonIsOneProblemForTheFile) {
    std::vector<Problem> problems;
    EXPECT_TRUE(parse_services("{ nee", "kapot.json", problems).empty());
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(to_string(problems[0]).rfind("kapot.json: not valid JSON: ", 0), 0u) << to_string(problems[0]);
    EXPECT_NE(problems[0].message.find("line 1"), std::string::npos) << problems[0].message;
}

TEST(SocialMapService, Postcodes) {
    EXPECT_EQ(parse_postcode("9991"), 9991);
    EXPECT_EQ(parse_postcode("9991AB"), 9991);
    EXPECT_EQ(parse_postcode("9991 ab"), 9991);
    for (const char* bad : {"", "999", "0991", "99911", "9991A", "9991 ABC", "9991-AB", "abcd", "9991  AB"})
        EXPECT_FALSE(parse_postcode(bad)) << bad;
    auto r = parse_postcode_range("9990-9994");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->from, 9990);
    EXPECT_EQ(r->to, 9994);
    EXPECT_FALSE(parse_postcode_range("9994-9990"));
    EXPECT_FALSE(parse_postcode_range("9990-"));
}

TEST(SocialMapService, AreasNameTheirBrokenField) {
    std::vector<Problem> problems;
    parse_areas(R"({"municipalities": [{"name": "Voorbeeldstad", "postcodes": ["9990-9994"],
                    "neighbourhoods": [{"name": "Noord", "postcodes": ["99"]}]},
                   {"name": "Voorbeeldstad", "postcodes": ["9995"]}]})",
                "areas.json", problems);
    ASSERT_EQ(problems.size(), 2u);
    EXPECT_EQ(problems[0].field, "municipalities[0].neighbourhoods[0].postcodes[0]");
    EXPECT_EQ(problems[1].field, "municipalities[1].name");
    EXPECT_NE(problems[1].message.find("twice"), std::string::npos);
}
