#include "callbacks/rules.hpp"

#include <gtest/gtest.h>

using namespace advieslijn::callbacks;

TEST(RulesTest, TheLifeOfATask) {
    EXPECT_EQ(next_state(State::queued, Action::claim), State::claimed);
    EXPECT_EQ(next_state(State::claimed, Action::complete), State::completed);
    EXPECT_EQ(next_state(State::claimed, Action::release), State::queued);
    EXPECT_EQ(next_state(State::claimed, Action::attempt), State::queued);
    EXPECT_EQ(next_state(State::claimed, Action::expire), State::queued);
    EXPECT_EQ(next_state(State::claimed, Action::renew), State::claimed);
    EXPECT_EQ(next_state(State::queued, Action::cancel), State::cancelled);
    EXPECT_EQ(next_state(State::claimed, Action::cancel), State::cancelled);
}

TEST(RulesTest, ForbiddenMoves) {
    EXPECT_EQ(next_state(State::claimed, Action::claim), std::nullopt) << "no double claim";
    EXPECT_EQ(next_state(State::queued, Action::complete), std::nullopt);
    EXPECT_EQ(next_state(State::queued, Action::release), std::nullopt);
    for (State closed : {State::completed, State::cancelled})
        for (Action a : {Action::claim, Action::renew, Action::release, Action::attempt,
                         Action::complete, Action::cancel, Action::expire})
            EXPECT_EQ(next_state(closed, a), std::nullopt)
                << to_string(closed) << " " << to_string(a);
}

TEST(RulesTest, OnlyHolderActionsNeedTheLease) {
    EXPECT_TRUE(rule(Action::complete).holder_only);
    EXPECT_TRUE(rule(Action::release).holder_only);
    EXPECT_TRUE(rule(Action::attempt).holder_only);
    EXPECT_TRUE(rule(Action::renew).holder_only);
    EXPECT_FALSE(rule(Action::cancel).holder_only) << "supervisors cancel";
    EXPECT_FALSE(rule(Action::claim).holder_only);
}

TEST(RulesTest, FromListIsWhatTheScriptsParse) {
    EXPECT_EQ(from_list(Action::cancel), "queued,claimed");
    EXPECT_EQ(from_list(Action::complete), "claimed");
}

TEST(RulesTest, SupervisorsReleaseAndReassignWithoutTheLease) {
    EXPECT_EQ(next_state(State::claimed, Action::supervisor_release), State::queued);
    EXPECT_EQ(next_state(State::queued, Action::supervisor_release), std::nullopt);
    EXPECT_EQ(next_state(State::queued, Action::reassign), State::claimed);
    EXPECT_EQ(next_state(State::claimed, Action::reassign), State::claimed);
    for (State closed : {State::completed, State::cancelled}) {
        EXPECT_EQ(next_state(closed, Action::reassign), std::nullopt);
        EXPECT_EQ(next_state(closed, Action::supervisor_release), std::nullopt);
    }
    EXPECT_FALSE(rule(Action::supervisor_release).holder_only);
    EXPECT_FALSE(rule(Action::reassign).holder_only);
    EXPECT_STREQ(to_string(Action::reassign), "reassigned");
}
