# The science half of the engine: cortical-sheet positions (engine/src/sheet) and analyses
# (engine/src/analysis). One concept per file; files are picked up by directory so that new analyses need no
# list edits here.
file(GLOB TOPOSPIKE_SCIENCE_SOURCES CONFIGURE_DEPENDS
    ${CMAKE_CURRENT_SOURCE_DIR}/src/sheet/*.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/analysis/*.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/src/demo/*.cpp)
target_sources(topospike_engine PRIVATE ${TOPOSPIKE_SCIENCE_SOURCES})
