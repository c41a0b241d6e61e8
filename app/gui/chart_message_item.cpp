#include "gui/chart_message_item.hpp"

#include <vtkContext2D.h>
#include <vtkContextScene.h>
#include <vtkObjectFactory.h>
#include <vtkStdString.h>
#include <vtkTextProperty.h>

namespace topospike::gui {

vtkStandardNewMacro(ChartMessageItem);

void ChartMessageItem::SetText(const std::string& text) {
    if (text == text_) return;
    text_ = text;
    Modified();
}

bool ChartMessageItem::Paint(vtkContext2D* painter) {
    if (text_.empty() || !GetScene()) return true;
    vtkTextProperty* prop = painter->GetTextProp();
    prop->SetColor(0.35, 0.35, 0.35);
    prop->SetFontSize(13);
    prop->SetBold(false);
    prop->SetItalic(false);
    prop->SetJustificationToCentered();
    prop->SetVerticalJustificationToCentered();
    painter->DrawString(0.5f * GetScene()->GetSceneWidth(), 0.5f * GetScene()->GetSceneHeight(),
                        vtkStdString(text_));
    return true;
}

}  // namespace topospike::gui
