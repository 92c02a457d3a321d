#include "callbacks/model.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <random>

using namespace advieslijn;
using namespace advieslijn::callbacks;
using namespace std::chrono_literals;

// The web form's numbers go through common/phone.hpp (tests/common/phone_test.cpp has the
// full table); here: what a task stores and what a refusal says.
TEST(ValidateTest, NormalisesThePhoneOrSaysWhyNot) {
    NewTask t;
    t.lang = "nl";
    t.question = "vraag";
    t.consent = true;
    auto phone = [&](std::string p) {
        t.phone = std::move(p);
        auto r = validate(t);
        if (r) return r->phone;
        EXPECT_EQ(r.error().field, "phone");
        return r.error().message;
    };
    EXPECT_EQ(phone("+31612345678"), "+31612345678");
    EXPECT_EQ(phone("+31 6-1234 5678"), "+31612345678");
    EXPECT_EQ(phone("0031612345678"), "+31612345678");
    // Before: refused ("no guessing the country"), so a Dutch visitor's own number gave 400.
    EXPECT_EQ(phone("0612345678"), "+31612345678");
    EXPECT_EQ(phone("06-12 34 56 78"), "+31612345678");
    EXPECT_EQ(phone("+0612345678"), "phone: a country code never starts with 0");
    EXPECT_EQ(phone("+31abc").rfind("phone: a phone number may only contain", 0), 0u);
    EXPECT_EQ(phone(""), "phone: a phone number is required");
    EXPECT_EQ(phone("+1234567890123456"), "phone: the number has too many digits");
    // Before: accepted as they were.
    EXPECT_EQ(phone("+31900123456"),
              "phone: premium-rate numbers (0900/0906/0909) cannot be called back");
    EXPECT_EQ(phone("+31612345"), "phone: the number has too few digits");
    EXPECT_EQ(phone("+310612345678"), "+31612345678");
}

TEST(ValidateTest, NamesTheFieldThatIsWrong) {
    NewTask t;
    t.phone = "+31612345678";
    t.lang = "nl";
    t.question = "vraag";
    t.consent = true;
    EXPECT_TRUE(validate(t).ok());
    auto field = [&](NewTask n) { return validate(std::move(n)).error().field; };
    NewTask n = t;
    n.consent = false;
    EXPECT_EQ(field(n), "consent");
    n = t;
    n.question.clear();
    EXPECT_EQ(field(n), "question");
    n = t;
    n.question.assign(max_question_bytes + 1, 'x');
    EXPECT_EQ(field(n), "question");
    n = t;
    n.lang = "NL!";
    EXPECT_EQ(field(n), "lang");
    n = t;
    n.name.assign(max_name_bytes + 1, 'x');
    EXPECT_EQ(field(n), "name");
}

TEST(CreateRequestTest, ParsesTheDocumentedBody) {
    auto body = nlohmann::json::parse(R"({"site_key":"demo","phone":"+31612345678","name":"Sanne",
        "lang":"nl","question":"Mijn kind eet slecht","consent":true,"window":"evening"})");
    auto r = parse_create_request(body, "idem-1");
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->phone, "+31612345678");
    EXPECT_EQ(r->window, Window::evening);
    EXPECT_EQ(r->source_key, "idem-1");
    EXPECT_EQ(r->channel, Channel::web_form);
    body.erase("window");
    body.erase("name");
    EXPECT_EQ(parse_create_request(body)->window, Window::any) << "optional fields";
    body["consent"] = false;
    EXPECT_EQ(parse_create_request(body).error().field, "consent");
    body["consent"] = "yes";
    EXPECT_EQ(parse_create_request(body).error().field, "consent");
    body["consent"] = true;
    body["window"] = "night";
    EXPECT_EQ(parse_create_request(body).error().field, "window");
    body.erase("window");
    body["phone"] = 31612345678;
    EXPECT_EQ(parse_create_request(body).error().field, "phone");
    body.erase("phone");
    EXPECT_EQ(parse_create_request(body).error().field, "phone");
    EXPECT_FALSE(parse_create_request(nlohmann::json::array()).ok());
}

TEST(TimeTest, Rfc3339RoundTripsInUtc) {
    const TimePoint t = from_ms(1'714'478'400'123);
    EXPECT_EQ(format_rfc3339(t), "2024-04-30T12:00:00.123Z");
    EXPECT_EQ(parse_rfc3339("2024-04-30T12:00:00.123Z"), t);
    EXPECT_EQ(parse_rfc3339("2024-04-30T12:00:00Z"), from_ms(1'714'478'400'000));
    EXPECT_EQ(parse_rfc3339("2024-04-30T12:00:00+02:00"), std::nullopt);
    EXPECT_EQ(parse_rfc3339("2024-02-30T12:00:00Z"), std::nullopt);
    EXPECT_EQ(parse_rfc3339("gisteren"), std::nullopt);
}

// The hand-written calendar against the C library's, over the whole range and the leap days.
TEST(TimeFormat, WritesWhatGmtimeWrites) {
    auto reference = [](std::int64_t ms) {
        std::int64_t secs = ms / 1000, rem = ms % 1000;
        if (rem < 0) rem += 1000, secs -= 1;
        const std::time_t tt = static_cast<std::time_t>(secs);
        std::tm tm{};
        ::gmtime_r(&tt, &tm);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                      tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(rem));
        return std::string(buf);
    };
    std::mt19937_64 rng(3);
    // TimePoint holds nanoseconds: 1677 to 2262.
    std::vector<std::int64_t> times = {0, 1, 999, 1000, -1, -1000, 951'782'400'000 /* 2000-02-29 */,
                                       4'107'542'400'000 /* 2100-03-01 */, 9'214'646'399'999 /* 2261 */,
                                       -9'214'646'400'000 /* 1678 */};
    for (int i = 0; i < 20000; ++i)
        times.push_back(static_cast<std::int64_t>(rng() % 18'000'000'000'000ULL) - 9'000'000'000'000LL);
    for (const auto ms : times) ASSERT_EQ(format_rfc3339(from_ms(ms)), reference(ms)) << ms;
}

// A reply's fields are found by name whatever their order; an absent one reads empty, and a
// name repeated keeps its first value, as hash_fields does.
TEST(FieldViewTest, FindsFieldsOfAReplyByName) {
    struct Element { std::string str; };
    struct Reply { std::vector<Element> elements; };
    const Reply reply{{{"state"}, {"queued"}, {"id"}, {"t1"}, {"attempts"}, {"2"}, {"id"}, {"t2"}, {"odd"}}};
    const FieldView f = FieldView::of_reply(reply);
    EXPECT_EQ(f["id"], "t1");
    EXPECT_EQ(f["state"], "queued");
    EXPECT_EQ(f["attempts"], "2");
    EXPECT_EQ(f["odd"], "");  // a name without a value is no field
    EXPECT_EQ(f["holder"], "");
    EXPECT_EQ(f["zzz"], "");
}

namespace {
Task full_task() {
    Task t;
    t.id = "abc123";
    t.reference = "CB-000007";
    t.tenant = "demo";
    t.channel = Channel::voice;
    t.phone = "+31612345678";
    t.name = "Sanne";
    t.lang = "nl";
    t.questions = {{"eerste", from_ms(1000), Channel::voice},
                   {"tweede", from_ms(2000), Channel::chat}};
    t.topic = "slapen";
    t.articles = {"slapen-baby-doorslapen"};
    t.risk_flags = {"huilen"};
    t.priority = Priority::high;
    t.window = Window::morning;
    t.consent = true;
    t.created_at = from_ms(1000);
    t.due_at = from_ms(1000 + 86'400'000);
    t.state = State::claimed;
    t.holder = "anna";
    t.lease_until = from_ms(5000);
    t.attempts = 1;
    t.at_risk = true;
    return t;
}
}  // namespace

TEST(TaskJsonTest, RoundTripsThroughJson) {
    const Task t = full_task();
    const auto j = to_json(t);
    EXPECT_EQ(j["state"], "claimed");
    EXPECT_EQ(j["due_at"], "1970-01-02T00:00:01.000Z");
    EXPECT_TRUE(j["outcome"].is_null());
    auto back = task_from_json(j);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(to_json(*back), j);
    auto bad = j;
    bad["state"] = "klaar";
    EXPECT_EQ(task_from_json(bad).error().field, "state");
}

// The consoles' text (write_json, Phones::masked) has the fields of to_json, with the
// family's numbers masked and nowhere in plain.
TEST(TaskJsonTest, TheConsolesTextIsTheTaskWithItsNumbersMasked) {
    Task t = full_task();
    t.terms.alt_phone = "+31687654321";
    t.terms.note = "na 8 uur \"bellen\"";
    t.risk_review = RiskReview{RiskVerdict::confirmed, "suicide_selfharm"};
    t.history = {{from_ms(1000), "line", "created", "", "queued", "", "", ""},
                 {from_ms(3000), "anna", "claim", "queued", "claimed", "", "eerst bellen", "req-1"}};
    std::string text;
    JsonWriter w(text);
    write_json(w, t, Phones::masked);
    nlohmann::json expected = to_json(t);
    expected.erase("phone");
    expected["phone_masked"] = "+31 6 ****5678";
    expected["terms"].erase("alt_phone");
    expected["terms"]["alt_phone_masked"] = "+31 6 ****4321";
    EXPECT_EQ(nlohmann::json::parse(text), expected);
    EXPECT_EQ(text.find("12345678"), std::string::npos);
    EXPECT_EQ(text.find("87654321"), std::string::npos);
    EXPECT_EQ(expected["history"][1]["note"], "eerst bellen");
    EXPECT_FALSE(expected["history"][0].contains("from"));
    EXPECT_EQ(expected["risk_review"]["category"], "suicide_selfharm");
}

TEST(TaskJsonTest, RoundTripsThroughTheRedisHashLayout) {
    Task t = full_task();
    t.state = State::queued;  // to_fields writes what create stores; lease fields come later
    t.holder.clear();
    t.lease_until.reset();
    t.at_risk = false;
    Fields f = to_fields(t);
    auto back = task_from_fields(f);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(to_json(*back), to_json(t));
    f["state"] = "weird";
    EXPECT_EQ(task_from_fields(f).error().code, Errc::internal);
}

TEST(TaskJsonTest, EnumsHaveStableWireNames) {
    for (auto s : {State::queued, State::claimed, State::completed, State::cancelled})
        EXPECT_EQ(parse_state(to_string(s)), s);
    for (auto o : {Outcome::reached, Outcome::advised, Outcome::referred, Outcome::unreachable,
                   Outcome::other})
        EXPECT_EQ(parse_outcome(to_string(o)), o);
    EXPECT_STREQ(to_string(AttemptResult::no_answer), "no_answer");
    EXPECT_STREQ(to_string(Channel::web_form), "web_form");
    EXPECT_EQ(http_status(Errc::stale_lease), 409);
    EXPECT_EQ(http_status(Errc::unavailable), 503);
    EXPECT_STREQ(to_string(Errc::invalid_input), "invalid_input");
}
