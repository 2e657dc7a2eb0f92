#!/bin/sh
# alert-degraded.sh - a Pacemaker alert agent that tells the administrator
# when a monitor answers 190 (degraded: the resource serves, with trouble
# ahead: queue filesystem short of space, main.cf changed but not
# reloaded, Postfix enabled in systemd...). Pacemaker runs it (as the
# hacluster user) for every resource operation's result, with CRM_alert_*
# in the environment; it acts on degraded answers only.
#
# The recipient says where the news goes:
#   an absolute path     one line appended to that file
#   a mail address       a message through /usr/sbin/sendmail
#   none                 syslog alone (always written: logger -t pfkit-alert)
#
# crm shell:
#   alert degraded /usr/share/doc/pfkit/examples/alert-degraded.sh \
#       select resources to admin@example.com
# pcs:
#   pcs alert create id=degraded path=/usr/share/doc/pfkit/examples/alert-degraded.sh
#   pcs alert recipient add degraded value=admin@example.com
#
# Pacemaker records a degraded answer as a failed action until a cleanup
# (crm_resource --cleanup -r RESOURCE) or the resource's failure-timeout:
# this agent is told once per change of the answer, and every later
# monitor that answers 190 again is not a new alert.

[ "${CRM_alert_kind:-}" = resource ] || exit 0
[ "${CRM_alert_rc:-}" = 190 ] || exit 0

# Pacemaker passes the result's name (CRM_alert_desc), not the agent's
# exit reason: crm_mon shows that, under the failed actions
line="$(date '+%Y-%m-%d %H:%M:%S') node ${CRM_alert_node:-?} resource"
line="$line ${CRM_alert_rsc:-?}: ${CRM_alert_task:-?} returned 190"
line="$line (${CRM_alert_desc:-degraded}); the reason: crm_mon -1rf"
logger -t pfkit-alert -- "$line" 2>/dev/null

case ${CRM_alert_recipient:-} in
/*)
	printf '%s\n' "$line" >>"$CRM_alert_recipient"
	;;
*@*)
	if [ -x /usr/sbin/sendmail ]; then
		printf 'To: %s\nSubject: [cluster] %s degraded on %s\n\n%s\n' \
			"$CRM_alert_recipient" "${CRM_alert_rsc:-?}" \
			"${CRM_alert_node:-?}" "$line" |
			/usr/sbin/sendmail -oi -- "$CRM_alert_recipient"
	fi
	;;
esac
exit 0
