-- Indexes for the period queries behind the metrics and for the lookups the app makes.
CREATE INDEX searches_at ON searches(at);
CREATE INDEX search_clicks_search ON search_clicks(search_id);
CREATE INDEX flow_sessions_status_updated ON flow_sessions(status, updated_at);
CREATE INDEX flow_sessions_started ON flow_sessions(started_at);
CREATE INDEX flow_steps_session ON flow_steps(session_id, at);
CREATE INDEX doc_views_at ON doc_views(at);
CREATE INDEX doc_views_session ON doc_views(flow_session_id);
CREATE INDEX feedback_doc ON feedback(doc_path, at);
CREATE INDEX outdated_flags_open ON outdated_flags(doc_path) WHERE resolved_at IS NULL;
CREATE INDEX resolutions_resolved ON resolutions(resolved_at);
CREATE INDEX resolutions_ticket ON resolutions(ticket_id, resolved_at);
CREATE INDEX resolutions_session ON resolutions(flow_session_id);
CREATE INDEX resolution_articles_doc ON resolution_articles(doc_path);
CREATE INDEX kb_changes_at ON kb_changes(at);
