//! Published inputs as CSV or JSON, for analysts.

use serde::Serialize;

use crate::call::Call;
use crate::submission::Submission;

/// One input as exported: its answers beside the questions, the text of its
/// files, and the codes that stand.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ExportedInput {
    /// The input's key.
    pub id: i64,
    /// The call's key.
    pub call_id: i64,
    /// The organization that sent it.
    pub organization: String,
    /// Its stakeholder group.
    pub stakeholder_group: String,
    /// Its country (ISO alpha-3).
    pub country: Option<String>,
    /// Its UN M49 region.
    pub region: Option<String>,
    /// When it was submitted.
    pub submitted_at: Option<String>,
    /// Action lines (suggested or confirmed, not rejected).
    pub action_lines: Vec<String>,
    /// SDGs, likewise.
    pub sdgs: Vec<String>,
    /// Answers, one per question.
    pub answers: Vec<String>,
    /// Text extracted from the attached files, with their names.
    pub attachments: Vec<(String, String)>,
}

/// The exported form of inputs; `region_of` maps a country code to its region.
pub fn exported(
    items: &[Submission],
    region_of: impl Fn(&str) -> Option<String>,
) -> Vec<ExportedInput> {
    items
        .iter()
        .map(|s| ExportedInput {
            id: s.id,
            call_id: s.call_id,
            organization: s.organization.name.clone(),
            stakeholder_group: s.organization.stakeholder_group.to_string(),
            country: s.organization.country.clone(),
            region: s.organization.country.as_deref().and_then(&region_of),
            submitted_at: s.submitted_at.clone(),
            action_lines: s.action_lines().into_iter().map(String::from).collect(),
            sdgs: s.sdgs().into_iter().map(String::from).collect(),
            answers: s.answers.clone(),
            attachments: s
                .attachments
                .iter()
                .map(|a| (a.file_name.clone(), a.text.clone()))
                .collect(),
        })
        .collect()
}

/// CSV with a header row: fixed columns, then one column per question
/// (headed by the question's text), then the attachments' text. Lists are
/// joined with `;`.
pub fn to_csv(call: &Call, items: &[ExportedInput]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "id",
        "call_id",
        "organization",
        "stakeholder_group",
        "country",
        "region",
        "submitted_at",
        "action_lines",
        "sdgs",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(call.questions.iter().map(|q| q.text.clone()));
    header.push("attachments_text".into());
    w.write_record(&header)?;
    for i in items {
        let mut row = vec![
            i.id.to_string(),
            i.call_id.to_string(),
            i.organization.clone(),
            i.stakeholder_group.clone(),
            i.country.clone().unwrap_or_default(),
            i.region.clone().unwrap_or_default(),
            i.submitted_at.clone().unwrap_or_default(),
            i.action_lines.join(";"),
            i.sdgs.join(";"),
        ];
        for n in 0..call.questions.len() {
            row.push(i.answers.get(n).cloned().unwrap_or_default());
        }
        let files: Vec<String> = i
            .attachments
            .iter()
            .map(|(name, text)| format!("[{name}]\n{text}"))
            .collect();
        row.push(files.join("\n\n"));
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
