#version 330 core
// Cortical-sheet units as round points: position in mm, and where on the colormap the unit's value falls.
// The value is placed on the colormap on the CPU (once per change of values, not per frame), so NaN never
// reaches the GPU: t in [0, 1] (cyclic maps: [0, 1), one period), negative = no value (not drawn).
layout(location = 0) in vec2 positionMm;
layout(location = 1) in float colormapT;

uniform mat3 mmToClip;       // pan/zoom: sheet millimetres to clip space
uniform float pointSizePx;   // diameter in framebuffer pixels
uniform float texelScale;    // texels − 1 (clamped and categorical maps) or texels (cyclic maps, GL_REPEAT)
uniform float texelCount;

out float texCoord;
flat out int hasValue;

void main() {
    vec3 clip = mmToClip * vec3(positionMm, 1.0);
    gl_Position = vec4(clip.xy, 0.0, 1.0);
    gl_PointSize = pointSizePx;
    hasValue = colormapT < 0.0 ? 0 : 1;
    // t = 0 and t = 1 hit the centres of the first and last texels; cyclic maps run on into the first again.
    texCoord = (max(colormapT, 0.0) * texelScale + 0.5) / texelCount;
}
