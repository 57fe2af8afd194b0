// Probe (issue #11, must stay): Intl, Date, localeCompare, typed arrays and RegExp; no structuredClone (a Node global, not V8's), as on Node 20.
module.exports.loop = function () {
    const out = [];
    const d = new Date(Date.UTC(2020, 1, 29, 13, 5, 9, 7));
    out.push('date ' + d.toISOString() + ' ' + d.getTime() + ' ' + JSON.stringify(d) + ' ' + d.toUTCString() + ' '
        + Date.parse('2020-02-29T13:05:09.007Z') + ' ' + new Date(NaN).getTime() + ' ' + typeof Date.now());
    out.push('local ' + d.toString() + ' | ' + d.toTimeString() + ' | ' + d.toDateString() + ' | ' + String(new Date(NaN))
        + ' | ' + d.getTimezoneOffset() + ' | ' + d.toLocaleString('en-US', {timeZoneName: 'long'}));
    const dtf = new Intl.DateTimeFormat('en-US', {timeStyle: 'medium', timeZone: 'UTC'});
    out.push('locale times ' + d.toLocaleTimeString('en-US') + ' | ' + d.toLocaleDateString('en-US') + ' | ' + dtf.format(d)
        + ' | ' + (dtf.format === dtf.format) + ' ' + dtf.format.length + ' "' + dtf.format.name + '" | '
        + [d].map(dtf.format)[0]);
    out.push('intl ' + new Intl.NumberFormat('en-US').format(1234567.891) + ' | ' + (1234.5).toLocaleString('en-US')
        + ' | ' + new Intl.DateTimeFormat('en-US', {timeZone: 'UTC', dateStyle: 'medium'}).format(d)
        + ' | ' + ['b', 'a', 'C', '\u00e9', 'e'].sort((x, y) => x.localeCompare(y)).join(',')
        + ' | ' + 'a'.localeCompare('B') + ' ' + new Intl.Collator('en').compare('a', 'A')
        + ' | ' + new Intl.PluralRules('en-US').select(1) + ' ' + Intl.DateTimeFormat().resolvedOptions().timeZone);
    const ta = new Float64Array([1.5, -2, NaN]);
    const u8 = new Uint8Array(ta.buffer, 8, 8);
    out.push('typed ' + Array.from(u8).join(',') + ' ' + new Int16Array([70000])[0] + ' ' + new Uint8ClampedArray([300, -5])
        + ' ' + new DataView(new ArrayBuffer(8)).getFloat32(0) + ' ' + ta.indexOf(NaN) + ' ' + ta.includes(NaN));
    out.push('structuredClone ' + typeof structuredClone);
    out.push('regexp ' + JSON.stringify('2020-02-29'.match(/(?<y>\d{4})-(?<m>\d\d)/).groups)
        + ' ' + 'aXbXc'.replaceAll('X', '-') + ' ' + /\p{Lu}/u.test('\u00c9') + ' ' + JSON.stringify([...'a1b22'.matchAll(/\d+/g)].map(m => m[0] + '@' + m.index))
        + ' ' + /(?<=\$)\d+/.exec('cost $42')[0] + ' ' + 'x'.padStart(4, 'ab') + ' ' + /a.c/s.test('a\nc')
       );
    console.log(out.join('\n'));
};
