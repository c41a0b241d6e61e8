#version 330 core
// Cortical-sheet units as points: position in mm, one scalar per unit mapped through a 1-D colormap texture.
layout(location = 0) in vec2 positionMm;
layout(location = 1) in float value;

uniform mat3 mmToClip;      // pan/zoom: sheet millimetres to clip space
uniform vec2 valueRange;    // value at the colormap's first and last texel
uniform float pointSizePx;

out float colormapCoord;
out float valid;

void main() {
    vec3 clip = mmToClip * vec3(positionMm, 1.0);
    gl_Position = vec4(clip.xy, 0.0, 1.0);
    gl_PointSize = pointSizePx;
    valid = isnan(value) ? 0.0 : 1.0;
    float span = valueRange.y - valueRange.x;
    colormapCoord = span != 0.0 ? clamp((value - valueRange.x) / span, 0.0, 1.0) : 0.5;
}
