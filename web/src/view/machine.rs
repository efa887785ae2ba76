//! The GIL switch and the core count: which CPython build runs the program
//! (3.12 with its GIL, or a free-threaded 3.13t+) and on how many cores.

use crate::i18n::{texts, Lang};
use crate::model::state::Action;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The core counts the menu offers (a link may ask for others, up to 64).
const CORE_CHOICES: [u32; 4] = [1, 2, 4, 8];

/// Properties of [`MachinePanel`].
#[derive(Properties, PartialEq)]
pub struct MachinePanelProps {
    /// Whether the program runs with the GIL.
    pub gil: bool,
    /// CPU cores of the virtual machine.
    pub cores: u32,
    /// Whether Python code costs virtual time (otherwise the GIL cannot matter).
    pub code_costs_time: bool,
    /// The interface language.
    pub lang: Lang,
    /// Where the chosen setting goes.
    pub on_action: Callback<Action>,
}

/// The GIL `<select>` (`on`, `off`), the core count, and a sentence on
/// which CPython builds behave which way.
#[component(MachinePanel)]
pub fn machine_panel(props: &MachinePanelProps) -> Html {
    let t = texts(props.lang);
    let gil_key = if props.gil { "on" } else { "off" };
    let gil_ref = super::hooks::use_select_value(gil_key.to_string());
    let cores_ref = super::hooks::use_select_value(props.cores.to_string());
    let on_gil = props.on_action.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        Action::SetGil(select.value() != "off")
    });
    let on_cores = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = select.value().parse::<u32>() {
                on_action.emit(Action::SetCores(n));
            }
        })
    };
    // A count from a link that the menu does not list is shown as well.
    let mut choices = CORE_CHOICES.to_vec();
    if !choices.contains(&props.cores) {
        choices.push(props.cores);
        choices.sort_unstable();
    }
    html! {
        <div class="machine" role="group" aria-label={t.machine_aria}>
            <div class="machine-controls">
                <label class="machine-field">
                    <span class="label">{ t.gil_label }</span>
                    <select ref={gil_ref} data-testid="gil-toggle" onchange={on_gil}
                            aria-describedby="gil-help" title={t.gil_help}>
                        <option value="on" selected={props.gil}>{ t.gil_on }</option>
                        <option value="off" selected={!props.gil}>{ t.gil_off }</option>
                    </select>
                </label>
                <label class="machine-field">
                    <span class="label">{ t.cores_label }</span>
                    <select ref={cores_ref} data-testid="cores" onchange={on_cores}
                            aria-label={t.cores_aria} title={t.cores_aria}>
                        { for choices.iter().map(|n| html! {
                            <option value={n.to_string()} selected={*n == props.cores}>{ n.to_string() }</option>
                        }) }
                    </select>
                </label>
            </div>
            <p class="machine-help" id="gil-help" data-testid="gil-help">
                { t.gil_help }
                if !props.code_costs_time {
                    { " " }{ t.gil_free_code }
                }
            </p>
        </div>
    }
}
