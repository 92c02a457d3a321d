// The `advieslijn` command line as a process: every command answers --help, --version
// prints the CMake project version, and usage errors are one line naming the culprit, exit 2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

using namespace std::chrono_literals;

namespace {

struct Outcome {
    int code;
    std::string output;  // stdout and stderr
};

Outcome run(std::vector<std::string> args) {
    static int counter = 0;
    args.insert(args.begin(), ADVIESLIJN_BINARY);
    const std::string log = "/tmp/advieslijn-cli-" + std::to_string(::getpid()) + "-" +
                            std::to_string(counter++) + ".log";
    advieslijn::test::Process p(args, log);
    const int code = p.wait(10s);
    Outcome r{code, p.log()};
    std::remove(log.c_str());
    return r;
}

std::string source_dir() {
    return std::getenv("ADVIESLIJN_SOURCE_DIR");
}

bool one_line(const std::string& s) {
    return !s.empty() && s.find('\n') == s.size() - 1;
}

}  // namespace

TEST(CommandLine, EveryCommandAnswersHelpWithItsUsage) {
    const std::vector<std::vector<std::string>> commands = {{},
                                                            {"serve"},
                                                            {"user"},
                                                            {"user", "add"},
                                                            {"user", "passwd"},
                                                            {"user", "disable"},
                                                            {"user", "list"},
                                                            {"privacy"},
                                                            {"privacy", "erase"},
                                                            {"privacy", "export"},
                                                            {"kb"},
                                                            {"kb", "check"},
                                                            {"kb", "query"},
                                                            {"texts"},
                                                            {"texts", "check"}};
    for (const auto& command : commands) {
        std::string usage = "Usage: advieslijn";
        for (const auto& word : command) usage += " " + word;
        auto args = command;
        args.push_back("--help");
        const Outcome r = run(args);
        EXPECT_EQ(r.code, 0) << usage << "\n" << r.output;
        EXPECT_NE(r.output.find(usage + " "), std::string::npos) << r.output;
    }
}

TEST(CommandLine, HelpNamesTheOptionsOfTheCommand) {
    const Outcome serve = run({"serve", "--help"});
    for (const char* flag : {"--config FILE", "--listen HOST:PORT", "--redis"})
        EXPECT_NE(serve.output.find(flag), std::string::npos) << flag << "\n" << serve.output;
    const Outcome add = run({"user", "add", "--help"});
    for (const char* flag :
         {"USERNAME", "--role", "--tenant", "--name", "--generate", "--config", "--redis"})
        EXPECT_NE(add.output.find(flag), std::string::npos) << flag << "\n" << add.output;
    const Outcome check = run({"kb", "check", "--help"});
    for (const char* flag : {"DIR", "--tenant"})
        EXPECT_NE(check.output.find(flag), std::string::npos) << flag << "\n" << check.output;
    const Outcome query = run({"kb", "query", "--help"});
    for (const char* flag : {"TEXT", "--lang", "--tenant"})
        EXPECT_NE(query.output.find(flag), std::string::npos) << flag << "\n" << query.output;
}

TEST(CommandLine, VersionIsTheCMakeProjectVersion) {
    EXPECT_TRUE(std::regex_match(std::string(ADVIESLIJN_VERSION), std::regex(R"(\d+\.\d+\.\d+)")))
        << ADVIESLIJN_VERSION;
    const Outcome r = run({"--version"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.output, "advieslijn " ADVIESLIJN_VERSION "\n");
}

TEST(CommandLine, UnknownOptionIsOneLineNamingItExit2) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--bogus"}, "advieslijn serve: unknown argument '--bogus'"},
        {{"serve", "--config", source_dir() + "/ops/config/default.json", "--bogus"},
         "advieslijn serve: unknown argument '--bogus'"},
        {{"user", "add", "alice", "--role", "specialist", "--tenant", "demo", "--rol", "admin"},
         "advieslijn user add: unknown argument '--rol'"},
        {{"user", "list", "--listen", "127.0.0.1:1"},
         "advieslijn user list: unknown argument '--listen'"},
        {{"user", "frobnicate"}, "advieslijn user: unknown argument 'frobnicate'"},
        {{"kb", "check", source_dir() + "/knowledge-base/articles", "--lang", "nl"},
         "advieslijn kb check: unknown argument '--lang'"},
    };
    for (const auto& [args, message] : cases) {
        const Outcome r = run(args);
        EXPECT_EQ(r.code, 2) << message << "\n" << r.output;
        EXPECT_EQ(r.output.rfind(message, 0), 0U) << r.output;
        EXPECT_TRUE(one_line(r.output)) << r.output;
    }
}

TEST(CommandLine, MissingArgumentIsOneLineNamingItExit2) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"serve", "--listen"}, "--listen"},
        {{"user"}, "a command is required (add, passwd, disable, list)"},
        {{"user", "add", "alice", "--tenant", "demo"}, "--role is required"},
        {{"user", "add", "alice", "--role", "boss", "--tenant", "demo"},
         "--role: must be specialist"},
        {{"user", "passwd"}, "USERNAME is required"},
        {{"kb", "check"}, "DIR is required"},
        {{"kb", "query", source_dir() + "/knowledge-base/articles"}, "TEXT is required"},
        {{"kb", "query", source_dir() + "/knowledge-base/articles", "--lang"}, "--lang"},
    };
    for (const auto& [args, message] : cases) {
        const Outcome r = run(args);
        EXPECT_EQ(r.code, 2) << message << "\n" << r.output;
        EXPECT_NE(r.output.find(message), std::string::npos) << r.output;
        EXPECT_TRUE(one_line(r.output)) << r.output;
    }
}

TEST(CommandLine, KbExitStatusesAreKept) {
    EXPECT_EQ(run({"kb", "check", source_dir() + "/knowledge-base/articles"}).code, 0);
    EXPECT_EQ(run({"kb", "check", source_dir() + "/tests/knowledge-base/fixtures/bad"}).code, 1);
    const Outcome query = run({"kb", "query", source_dir() + "/knowledge-base/articles", "--lang",
                               "nl", "mijn", "baby", "slaapt", "slecht"});
    EXPECT_EQ(query.code, 0) << query.output;
    EXPECT_NE(query.output.find(R"("query":"mijn baby slaapt slecht")"), std::string::npos)
        << query.output;
}

TEST(CommandLine, TextsCheckNamesTheFileAndKeyOfAMissingText) {
    const Outcome shipped = run({"texts", "check"});
    EXPECT_EQ(shipped.code, 0) << shipped.output;
    EXPECT_NE(shipped.output.find("ok: "), std::string::npos) << shipped.output;
    EXPECT_NE(shipped.output.find(" nl"), std::string::npos) << shipped.output;

    // A copy of the texts with one English text removed.
    const std::string dir = "/tmp/advieslijn-texts-" + std::to_string(::getpid());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    for (const auto& e : std::filesystem::directory_iterator(source_dir() + "/routing/data/texts"))
        std::filesystem::copy_file(e.path(), dir + "/" + e.path().filename().string());
    nlohmann::json en = nlohmann::json::parse(std::ifstream(dir + "/en.json"));
    en["sms"].erase("thanks");
    std::ofstream(dir + "/en.json") << en.dump(2);
    const Outcome broken = run({"texts", "check", dir});
    EXPECT_EQ(broken.code, 1) << broken.output;
    EXPECT_NE(broken.output.find(dir + "/en.json: field 'sms.thanks': missing: needs a text"), std::string::npos)
        << broken.output;
    EXPECT_NE(broken.output.find("1 problem found"), std::string::npos) << broken.output;
    std::filesystem::remove_all(dir);

    // With the shipped article set and risk data: every shipped language has both.
    const Outcome complete = run({"texts", "check", "--kb", source_dir() + "/knowledge-base/articles", "--risk",
                                  source_dir() + "/routing/data"});
    EXPECT_EQ(complete.code, 0) << complete.output;
    EXPECT_NE(complete.output.find(" tr ("), std::string::npos) << complete.output;
}
