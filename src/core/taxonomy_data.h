// The built-in taxonomy templates' files (data/taxonomies/*.csv), compiled in
// by cmake/embed_file.cmake. Internal to core/taxonomy.cc.
#pragma once

#include <string_view>

namespace tandem::taxonomy_data {

std::string_view hematology_oncology();
std::string_view oncology_nursing();
std::string_view cancer_research();
std::string_view radiation_oncology();
std::string_view peer_support();

}  // namespace tandem::taxonomy_data
