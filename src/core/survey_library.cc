// The item library (docs/surveys.md, "The item library"): the constructs a
// mentoring evaluation measures, each item written in Tandem's own words for
// this purpose (no published instrument's text). Agreement items use the
// 5-point scale of the reference program, where "agree" and "strongly agree"
// count as agreeing.
#include "core/survey.h"

namespace tandem {
namespace {

SurveyItem Agree(std::string code, std::string text, std::string section) {
  SurveyItem item;
  item.code = std::move(code);
  item.kind = "likert";
  item.text = std::move(text);
  item.section = std::move(section);
  item.required = true;
  return item;
}

SurveyItem Choice(std::string code, std::string kind, std::string text, std::string section,
                  std::vector<std::string> options) {
  SurveyItem item;
  item.code = std::move(code);
  item.kind = std::move(kind);
  item.text = std::move(text);
  item.section = std::move(section);
  item.options = std::move(options);
  return item;
}

SurveyItem Text(std::string code, std::string text, std::string section) {
  SurveyItem item;
  item.code = std::move(code);
  item.kind = "long_text";
  item.text = std::move(text);
  item.section = std::move(section);
  return item;
}

std::vector<SurveyConstruct> Build() {
  const std::string agree5 = "5-point agreement (1 strongly disagree … 5 strongly agree)";
  std::vector<SurveyConstruct> out = {
      {"match_quality",
       "Match quality",
       "Whether the person felt well matched: the predictor the reference program related to "
       "every gain.",
       agree5,
       {Agree("good_match", "My mentoring partner was a good match for me.", "Your match"),
        Agree("shared_interests", "We shared enough professional interests to work together.",
              "Your match"),
        Agree("would_choose_again", "If I could choose again, I would choose the same partner.",
              "Your match")}},
      {"confidence",
       "Confidence",
       "Confidence in one's own clinical, research and career decisions.",
       agree5,
       {Agree("confidence", "Mentoring increased my confidence in my professional decisions.",
              "What changed for you"),
        Agree("confidence_research", "I feel more able to lead a scholarly project of my own.",
              "What changed for you")}},
      {"career_development",
       "Career development",
       "Progress in planning and building a career in the field.",
       agree5,
       {Agree("career_development", "Mentoring helped me plan the next steps of my career.",
              "What changed for you"),
        Agree("career_clarity", "I have a clearer idea of the position I want after training.",
              "What changed for you")}},
      {"professional_identity",
       "Professional identity",
       "Seeing oneself as a member of the field and its community.",
       agree5,
       {Agree("professional_identity",
              "Mentoring strengthened my sense of belonging in this field.",
              "What changed for you")}},
      {"program_satisfaction",
       "Satisfaction with the program",
       "How the program as a whole served the person, and what to change.",
       agree5,
       {Agree("satisfied", "Overall, I am satisfied with the mentoring program.", "The program"),
        Agree("recommend", "I would recommend this program to a colleague.", "The program"),
        Text("improve", "What would you change about the program?", "The program")}},
      {"networking",
       "Networking",
       "New professional contacts made through the mentor or the program.",
       agree5,
       {Agree("networking", "Through the program I met people who can help my career.",
              "What changed for you")}},
      {"productivity",
       "Scholarly productivity",
       "Scholarly work started or finished with the mentor's help (the outputs are recorded "
       "in the journey; these are the person's own view).",
       "choice; 5-point agreement",
       {Choice("project_worked", "single", "Did you work on a scholarly project with your mentor?",
               "Scholarly work", {"Yes", "No"}),
        Agree("project_helped", "My mentor's help made the project better.", "Scholarly work")}},
      {"meetings",
       "Meeting frequency and usefulness",
       "How often the pair met and whether the meetings were worth the time.",
       "choice; 5-point agreement",
       {Choice("meeting_frequency", "single", "How often did you meet, on average?", "Meetings",
               {"More than once a month", "About once a month", "Every two to three months",
                "Less often"}),
        Agree("meetings_useful", "Our meetings were a good use of my time.", "Meetings")}},
      {"emotional_support",
       "Emotional support (peer support)",
       "For patients, survivors and caregivers: feeling understood and less alone.",
       agree5,
       {Agree("felt_understood", "My peer mentor understood what I was going through.",
              "Your support"),
        Agree("less_alone", "Talking with my peer mentor made me feel less alone.", "Your support"),
        Agree("better_prepared", "I felt better prepared for treatment and what came after it.",
              "Your support")},
       true},
      {"stay_in_field",
       "Intention to stay in the field",
       "Whether the person intends to practise or research in the field (the retention the "
       "journey records as positions).",
       "5-point agreement; choice",
       {Agree("stay_in_field", "I intend to build my career in this field.", "Your plans"),
        Choice(
            "next_position", "single", "What is your next position likely to be?", "Your plans",
            {"Academic faculty", "Community practice", "Industry", "Further training", "Other"})}},
      {"demographics",
       "About you",
       "Optional demographic items for describing respondents; never required.",
       "choice; number",
       {Choice("career_stage", "single", "Your current stage", "About you",
               {"Student", "Resident", "Fellow", "Early-career faculty", "Mid-career or senior",
                "Nurse or allied health professional", "Patient, survivor or caregiver", "Other"}),
        Choice("gender", "single", "Your gender", "About you",
               {"Woman", "Man", "Non-binary", "Prefer to self-describe", "Prefer not to say"})}},
  };
  SurveyItem years;
  years.code = "years_in_field";
  years.kind = "number";
  years.text = "Years in the field since your degree";
  years.section = "About you";
  years.min = 0;
  years.max = 70;
  out.back().items.push_back(years);
  SurveyItem dim = Choice("helped_most", "multiple", "Where did mentoring help you most?",
                          "What changed for you",
                          {"Clinical skills", "Research", "Career planning", "Work-life balance",
                           "Networking", "Wellbeing"});
  out[2].items.push_back(dim);
  for (SurveyConstruct& c : out) ValidateSurveyItems(c.items);
  return out;
}

}  // namespace

const std::vector<SurveyConstruct>& SurveyLibrary() {
  static const std::vector<SurveyConstruct> library = Build();
  return library;
}

}  // namespace tandem
