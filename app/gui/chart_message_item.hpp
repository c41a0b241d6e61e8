#pragma once
// A chart-scene item that shows a short message centred in the scene: what a chart shows when it has no data
// ("Run Analyses → Gratings to see tuning curves"). Wrapped lines are separated by '\n'.

#include <string>

#include <vtkContextItem.h>

namespace topospike::gui {

class ChartMessageItem : public vtkContextItem {
public:
    static ChartMessageItem* New();
    vtkTypeMacro(ChartMessageItem, vtkContextItem)

        void SetText(const std::string& text);
    const std::string& GetText() const noexcept { return text_; }
    bool Paint(vtkContext2D* painter) override;

protected:
    ChartMessageItem() = default;
    ~ChartMessageItem() override = default;

private:
    ChartMessageItem(const ChartMessageItem&) = delete;
    void operator=(const ChartMessageItem&) = delete;
    std::string text_;
};

}  // namespace topospike::gui
