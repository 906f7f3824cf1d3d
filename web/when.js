// Times in plain words, always in the UK's own time (Europe/London, BST in summer): the groups
// meet in the UK, whatever the clock of the computer showing the page says.

const SHORT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
});

// "Tue 12 Dec, 19:00"
export function shortLondon(unixSeconds) {
  return SHORT.format(new Date(unixSeconds * 1000));
}
