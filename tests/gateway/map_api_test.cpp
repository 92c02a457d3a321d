// The social map through the real binary: GET /v1/map/search (public by site key, and for
// staff), its 400s, CORS, `advieslijn map check`, and a broken map refusing start-up.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <thread>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/config.hpp"
#include "tests/support/process.hpp"
#include "tests/support/redis_server.hpp"

using namespace advieslijn::test;
using nlohmann::json;

namespace {

std::vector<std::string> ids(const json& body) {
    std::vector<std::string> out;
    for (const auto& r : body["results"]) out.push_back(r["id"].get<std::string>() + ":" + r["match"].get<std::string>());
    return out;
}

class MapApi : public ::testing::Test {
protected:
    std::string dir_ = "/tmp/advieslijn-map-api-" + std::to_string(::getpid());
    RedisServer redis_;
    std::string config_ = write_config();
    ServerProcess server_{ADVIESLIJN_BINARY, redis_.url(), {}, config_};

    ~MapApi() override { std::filesystem::remove_all(dir_); }

    std::string write_config() {
        std::filesystem::create_directories(dir_);
        return write_two_tenant_config(dir_ + "/config.json");
    }
    HttpReply get(const std::string& target, std::map<std::string, std::string> headers = {}) {
        return server_.request("GET", target, "", headers);
    }
};

}  // namespace

TEST_F(MapApi, PublicSearchByTopicAgeAndPostcodeNearestFirst) {
    auto r = get("/v1/map/search?site_key=demo&topic=slapen&postcode=9993%20AB");
    ASSERT_EQ(r.status, 200) << r.body;
    auto body = json::parse(r.body);
    EXPECT_EQ(body["tenant"], "demo");
    EXPECT_EQ(body["municipality"], "Voorbeeldstad");
    EXPECT_EQ(ids(body), (std::vector<std::string>{"voorbeeld-consultatiebureau-zuid:postcode",
                                                   "voorbeeld-wijkteam-voorbeeldstad:municipality"}));

    // A family in Proefdorp with a child of 8: the village's own service, then the default area's.
    body = json::parse(get("/v1/map/search?site_key=demo&topic=slapen&age=8&postcode=9995").body);
    EXPECT_EQ(ids(body), (std::vector<std::string>{"voorbeeld-slaapspreekuur-proefdorp:municipality",
                                                   "voorbeeld-wijkteam-voorbeeldstad:default_area"}));

    // Pregnancy is age -1; a risk category comes before the topic's services.
    body = json::parse(get("/v1/map/search?site_key=demo&topic=zwangerschap&risk=domestic_violence&age=-1&postcode=9997").body);
    EXPECT_EQ(ids(body), (std::vector<std::string>{"voorbeeld-steunpunt-huiselijk-geweld:municipality",
                                                   "voorbeeld-zwangerschapsgroep-oefenmeer:municipality"}));
}

TEST_F(MapApi, BadInputIs400NamingTheParameter) {
    for (const char* query : {"postcode=12", "postcode=1234ABC", "postcode=0123", "age=24", "age=-2", "age=tien",
                              "risk=danger", "limit=0", "limit=51"}) {
        auto r = get(std::string("/v1/map/search?site_key=demo&") + query);
        EXPECT_EQ(r.status, 400) << query << " " << r.body;
        const std::string name(query, std::string(query).find('='));
        EXPECT_NE(json::parse(r.body)["error"]["message"].get<std::string>().find(name), std::string::npos) << r.body;
    }
    EXPECT_EQ(get("/v1/map/search?site_key=nope").status, 400);
}

TEST_F(MapApi, CorsForTheTenantsOriginsOnly) {
    auto ok = get("/v1/map/search?site_key=demo&topic=pesten", {{"Origin", "http://localhost:8080"}});
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.headers["access-control-allow-origin"], "http://localhost:8080");
    auto other = get("/v1/map/search?site_key=demo&topic=pesten", {{"Origin", "https://elders.example"}});
    EXPECT_EQ(other.status, 403) << other.body;
    auto preflight = server_.request("OPTIONS", "/v1/map/search", "",
                                     {{"Origin", "http://localhost:8080"}, {"Access-Control-Request-Method", "GET"}});
    EXPECT_EQ(preflight.status, 204);
}

TEST_F(MapApi, StaffSearchNeedsASession) {
    EXPECT_EQ(get("/v1/map/search?tenant=demo&topic=slapen").status, 401);
    auto add = run_command(std::string(ADVIESLIJN_BINARY) + " user add alice --role specialist --tenant demo --config " +
                               config_ + " --redis " + redis_.url(),
                           "alice-secret-pass\n");
    ASSERT_EQ(add.code, 0) << add.output;
    auto login = server_.request("POST", "/v1/auth/login",
                                 json{{"username", "alice"}, {"password", "alice-secret-pass"}, {"token", true}}.dump(),
                                 {{"Content-Type", "application/json"}});
    ASSERT_EQ(login.status, 200) << login.body;
    const std::string token = json::parse(login.body)["token"];
    auto r = get("/v1/map/search?topic=slapen", {{"Authorization", "Bearer " + token}});
    ASSERT_EQ(r.status, 200) << r.body;
    // Without a postcode: the default area (Voorbeeldstad) first, then the rest of the map by name.
    auto body = json::parse(r.body);
    EXPECT_EQ(body["default_area"], "Voorbeeldstad");
    EXPECT_EQ(ids(body), (std::vector<std::string>{"voorbeeld-wijkteam-voorbeeldstad:default_area",
                                                   "voorbeeld-slaapspreekuur-proefdorp:elsewhere",
                                                   "voorbeeld-consultatiebureau-zuid:elsewhere"}));
    EXPECT_EQ(get("/v1/map/search?tenant=noord&topic=slapen", {{"Authorization", "Bearer " + token}}).status, 404);
}

TEST(MapReload, SighupReloadsTheMapAndABrokenOneKeepsTheOld) {
    const std::string dir = "/tmp/advieslijn-map-reload-" + std::to_string(::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir + "/map");
    for (const char* file : {"areas.json", "services.json"})
        std::filesystem::copy_file(source_dir() + "/ops/config/demo-social-map/" + file, dir + "/map/" + file);
    const std::string config = write_two_tenant_config(dir + "/config.json", [&](json& c) {
        c["tenants"][0]["social_map"] = dir + "/map";
    });
    RedisServer redis;
    ServerProcess server(ADVIESLIJN_BINARY, redis.url(), {}, config);
    auto search = [&] {
        auto r = server.request("GET", "/v1/map/search?site_key=demo&topic=slapen&postcode=9993");
        EXPECT_EQ(r.status, 200) << r.body;
        return ids(json::parse(r.body));
    };
    const auto before = search();
    ASSERT_FALSE(before.empty());

    // An editor renames a service: after SIGHUP the search shows the new name.
    json services = json::parse(std::ifstream(dir + "/map/services.json"));
    for (auto& s : services)
        if (s["id"] == before.front().substr(0, before.front().find(':'))) s["id"] = "voorbeeld-herladen";
    std::ofstream(dir + "/map/services.json") << services.dump(2);
    server.process().signal(SIGHUP);
    std::vector<std::string> after;
    for (int i = 0; i < 100 && (after.empty() || after == before); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        after = search();
    }
    ASSERT_FALSE(after.empty());
    EXPECT_EQ(after.front().substr(0, after.front().find(':')), "voorbeeld-herladen");

    // A broken map is refused with file, service and field; the reloaded one keeps serving.
    services[0]["contact"]["phone"] = "0900-1234567";
    std::ofstream(dir + "/map/services.json") << services.dump(2);
    server.process().signal(SIGHUP);
    bool logged = false;
    for (int i = 0; i < 100 && !logged; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        logged = server.process().log().find("social map reload refused") != std::string::npos;
    }
    EXPECT_TRUE(logged) << server.process().log();
    EXPECT_NE(server.process().log().find("field 'contact.phone'"), std::string::npos) << server.process().log();
    EXPECT_EQ(search(), after);
    std::filesystem::remove_all(dir);
}

TEST(MapCommand, CheckNamesFileServiceAndFieldAndABrokenMapStopsStartUp) {
    const std::string dir = "/tmp/advieslijn-map-cli-" + std::to_string(::getpid());
    std::filesystem::create_directories(dir + "/map");
    std::filesystem::copy_file(source_dir() + "/ops/config/demo-social-map/areas.json", dir + "/map/areas.json",
                               std::filesystem::copy_options::overwrite_existing);
    std::ifstream in(source_dir() + "/ops/config/demo-social-map/services.json");
    json services = json::parse(in);
    services[2]["contact"]["phone"] = "0900-1234567";
    std::ofstream(dir + "/map/services.json") << services.dump(2);
    const std::string bin = ADVIESLIJN_BINARY;

    auto ok = run_command(bin + " map check " + source_dir() + "/ops/config/demo-social-map");
    EXPECT_EQ(ok.code, 0) << ok.output;
    auto broken = run_command(bin + " map check " + dir + "/map");
    EXPECT_EQ(broken.code, 1) << broken.output;
    EXPECT_NE(broken.output.find(dir + "/map/services.json: service 'voorbeeld-slaapspreekuur-proefdorp': "
                                       "field 'contact.phone'"),
              std::string::npos)
        << broken.output;
    EXPECT_EQ(run_command(bin + " map check").code, 2);

    const std::string config = write_two_tenant_config(dir + "/config.json", [&](json& c) {
        c["tenants"][1]["social_map"] = dir + "/map";
    });
    auto start = run_command("timeout 30 " + bin + " serve --listen 127.0.0.1:0 --config " + config);
    EXPECT_EQ(start.code, 2) << start.output;
    EXPECT_NE(start.output.find("tenants[1].social_map: " + dir + "/map/services.json: service "
                                "'voorbeeld-slaapspreekuur-proefdorp': field 'contact.phone'"),
              std::string::npos)
        << start.output;
    std::filesystem::remove_all(dir);
}
