#include "core/taxonomy.h"

#include <algorithm>

namespace tandem {

std::string Taxonomy::ParentOf(const std::string& topic) const {
  auto it = topics.find(topic);
  return it == topics.end() ? std::string() : it->second;
}

std::optional<int> Taxonomy::StageRank(const std::string& stage) const {
  auto it = std::find(career_stages.begin(), career_stages.end(), stage);
  if (it == career_stages.end()) return std::nullopt;
  return static_cast<int>(it - career_stages.begin());
}

bool Taxonomy::HasGoal(const std::string& goal) const {
  return std::find(goals.begin(), goals.end(), goal) != goals.end();
}

bool Taxonomy::HasLanguage(const std::string& language) const {
  return std::find(languages.begin(), languages.end(), language) != languages.end();
}

namespace {

Taxonomy BuildDefault() {
  Taxonomy t;
  const auto group = [&t](const std::string& parent, std::initializer_list<const char*> children) {
    t.topics.emplace(parent, "");
    for (const char* child : children) t.topics.emplace(child, parent);
  };
  group("classical hematology", {"thrombosis",
                                 "hemostasis and bleeding disorders",
                                 "hemophilia",
                                 "von willebrand disease",
                                 "platelet disorders",
                                 "immune thrombocytopenia",
                                 "thrombotic microangiopathies",
                                 "sickle cell disease",
                                 "thalassemia",
                                 "hemoglobinopathies",
                                 "transfusion medicine",
                                 "bone marrow failure",
                                 "aplastic anemia",
                                 "iron disorders",
                                 "hemochromatosis",
                                 "benign hematology in pregnancy",
                                 "anticoagulation",
                                 "hemolytic anemias",
                                 "porphyria",
                                 "consultative hematology"});
  group("malignant hematology",
        {"acute myeloid leukemia", "acute lymphoblastic leukemia", "chronic lymphocytic leukemia",
         "myelodysplastic syndromes", "myeloproliferative neoplasms", "lymphoma",
         "multiple myeloma", "stem cell transplantation", "cellular therapy"});
  group("solid tumor oncology",
        {"breast cancer", "lung cancer", "gastrointestinal cancers", "genitourinary cancers",
         "gynecologic cancers", "head and neck cancers", "melanoma", "sarcoma", "neuro-oncology"});
  group("pediatric hematology oncology",
        {"pediatric leukemia", "pediatric solid tumors", "pediatric sickle cell disease",
         "pediatric thrombosis", "pediatric bone marrow failure"});
  group("cross-cutting",
        {"health equity", "medical education", "quality improvement", "health services research",
         "clinical trials", "translational research", "basic science", "palliative care",
         "survivorship", "global health", "informatics", "ethics"});
  group("support", {"newly diagnosed", "treatment side effects", "fatigue", "returning to work",
                    "caregiving", "fertility", "fear of recurrence", "body image",
                    "financial toxicity", "relationships", "end of life"});

  t.goals = {"clinician educator",
             "physician scientist",
             "clinical investigator",
             "quality improvement",
             "health equity research",
             "academic leadership",
             "community practice",
             "industry",
             "global health",
             "peer support",
             "advocacy"};
  t.career_stages = {"patient",
                     "caregiver",
                     "survivor",
                     "medical student",
                     "resident",
                     "fellow pgy4",
                     "fellow pgy5",
                     "fellow pgy6",
                     "fellow pgy7",
                     "nurse",
                     "advanced practice provider",
                     "instructor",
                     "assistant professor",
                     "associate professor",
                     "professor",
                     "trained volunteer"};
  t.languages = {"english", "spanish",    "french",  "mandarin",   "cantonese",      "hindi",
                 "arabic",  "portuguese", "tagalog", "vietnamese", "korean",         "punjabi",
                 "urdu",    "german",     "italian", "russian",    "haitian creole", "asl"};
  return t;
}

}  // namespace

const Taxonomy& DefaultTaxonomy() {
  static const Taxonomy taxonomy = BuildDefault();
  return taxonomy;
}

}  // namespace tandem
