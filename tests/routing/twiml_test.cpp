#include "routing/twiml.hpp"

#include <gtest/gtest.h>

using namespace advieslijn::routing;

TEST(Twiml, EscapesCallerTextEverywhere) {
    const std::string evil = "<Hangup/> & \"quoted\" 'single' </Say>";
    Gather g;
    g.action = "/v1/twilio/voice/gather?seq=1&x=\"y\"";
    g.language = "nl-NL";
    g.hints = "slapen, <eten>";
    g.children.push_back(Say{evil, "nl-NL", "Polly.Lotte"});
    const auto xml = Twiml().say(Say{evil, "nl-NL", ""}).gather(g).message(evil).str();
    EXPECT_EQ(xml.find("<Hangup/>"), std::string::npos);
    EXPECT_EQ(xml.find("</Say> &"), std::string::npos);
    EXPECT_NE(xml.find("&lt;Hangup/&gt; &amp; &quot;quoted&quot; &apos;single&apos; &lt;/Say&gt;"),
              std::string::npos);
    EXPECT_NE(xml.find("action=\"/v1/twilio/voice/gather?seq=1&amp;x=&quot;y&quot;\""),
              std::string::npos);
    EXPECT_NE(xml.find("hints=\"slapen, &lt;eten&gt;\""), std::string::npos);
}

TEST(Twiml, DocumentShape) {
    Gather g;
    g.action = "/g?seq=1";
    g.language = "en-GB";
    g.timeout = 7;
    g.num_digits = 1;
    g.input = "dtmf";
    g.children.push_back(Pause{2});
    const auto xml = Twiml()
                         .say(Say{"Hi", "en-GB", "Polly.Amy"})
                         .pause(1)
                         .gather(g)
                         .redirect("/g?seq=1")
                         .hangup()
                         .str();
    EXPECT_EQ(xml,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"
              "<Say voice=\"Polly.Amy\" language=\"en-GB\">Hi</Say><Pause length=\"1\"/>"
              "<Gather input=\"dtmf\" action=\"/g?seq=1\" method=\"POST\" language=\"en-GB\" "
              "timeout=\"7\" numDigits=\"1\"><Pause length=\"2\"/></Gather>"
              "<Redirect method=\"POST\">/g?seq=1</Redirect><Hangup/></Response>");
}

TEST(Twiml, SpeechGatherGetsSpeechTimeoutAndControlCharactersAreDropped) {
    Gather g;
    g.action = "/g";
    const auto xml = Twiml().gather(g).message(std::string("a\0b\x01", 4)).str();
    EXPECT_NE(xml.find("input=\"speech dtmf\""), std::string::npos);
    EXPECT_NE(xml.find("speechTimeout=\"auto\""), std::string::npos);
    EXPECT_NE(xml.find("<Message>a b </Message>"), std::string::npos);
}

TEST(Twiml, DialPutsTheCallerThroughWithTheLinesNumberAndAnAction) {
    const auto xml = Twiml()
                         .say(Say{"Een moment.", "nl-NL", ""})
                         .dial(Dial{"+318000113", "+31880030060", "/v1/twilio/voice/dial?seq=3", 25})
                         .str();
    EXPECT_NE(xml.find("<Say language=\"nl-NL\">Een moment.</Say><Dial callerId=\"+31880030060\" "
                       "action=\"/v1/twilio/voice/dial?seq=3\" method=\"POST\" timeout=\"25\">"
                       "<Number>+318000113</Number></Dial></Response>"),
              std::string::npos)
        << xml;
    // Attributes and the number are escaped like everything else.
    const auto odd = Twiml().dial(Dial{"<x>", "\"", "/d?a=1&b=2", 30}).str();
    EXPECT_NE(odd.find("callerId=\"&quot;\" action=\"/d?a=1&amp;b=2\""), std::string::npos) << odd;
    EXPECT_NE(odd.find("<Number>&lt;x&gt;</Number>"), std::string::npos) << odd;
}
