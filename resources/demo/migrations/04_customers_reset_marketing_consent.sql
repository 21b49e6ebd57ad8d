-- New consent policy: everyone has to opt in to marketing e-mail again.
update customers set marketing_opt_in = false, consent_recorded_at = null;
